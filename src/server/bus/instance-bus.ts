import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { ERROR_CODES, TandemError, type ErrorCode } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { Store } from '../store/database';
import { busTransport, type BusTransport } from './transport';
import { INSTANCE_HEARTBEAT_MS, INSTANCE_STALE_MS, instanceDb } from './tables';

/**
 * # The instance bus
 *
 * Publish/subscribe between the server instances that share one database, so that no instance
 * holds state another needs: presence of devices (src/server/devices/shared-presence.ts), requests
 * to a device whose link another instance holds, and — for remote sessions — frames relayed to the
 * instance holding a device's link.
 *
 * - **Topics are typed.** `busTopic(name, schema)` names a kind of message and its body schema;
 *   `publish(topic, body)` sends it, `subscribe(topic, handler)` receives it, checked against the
 *   schema (a malformed body is logged and dropped). `publish(topic, body, { to: instanceId })`
 *   sends to one instance only; otherwise every *other* instance receives it (an instance does its
 *   own work directly, never through the bus).
 * - **Requests.** `busRequest(name, requestSchema, answerSchema)` with `answer(request, handler)` on
 *   the instance that can answer and `ask(instanceId, request, body, timeoutMs)` on the one that
 *   asks: the answer, or the handler's TandemError (same code and sentence), or a `timeout` error.
 * - **Order.** Messages from one instance reach each other instance in the order they were
 *   published (publishes are sent one at a time; deliveries are handled one at a time).
 * - **Transport.** PostgreSQL: NOTIFY on a channel of this database (and schema), LISTEN on a
 *   dedicated connection. A NOTIFY payload is limited to 8000 bytes, so a larger message is written
 *   to `instance_bus_payloads` and the NOTIFY carries only its id; rows are swept after a minute.
 *   PGlite is embedded in one process, so instances on it (tests) share an in-process transport.
 *   Delivery is at most once: a message sent while an instance's LISTEN connection is down is lost
 *   (subscribers of `onGap` hear of it), so use the bus for live signals and keep what must
 *   survive in tables.
 * - **Liveness.** Each instance keeps a row in `server_instances` with a heartbeat;
 *   `liveInstanceIds()` lists the instances seen within INSTANCE_STALE_MS.
 *
 * One bus per server instance: `instanceBus(ctx)`, started with the app (startInstanceBus).
 */
export class InstanceBus {
  /** This instance's id, fresh at each start of the process. */
  readonly instanceId = randomUUID();
  private readonly handlers = new Map<string, Set<(body: unknown, meta: BusMeta) => void>>();
  private readonly answerers = new Map<string, (body: unknown, meta: BusMeta) => Promise<unknown>>();
  private readonly pending = new Map<string, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private readonly gapListeners = new Set<() => void>();
  private readonly beforeStop: (() => Promise<void>)[] = [];
  private readonly transport: BusTransport;
  private stopListening: (() => Promise<void>) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private outbox: Promise<unknown> = Promise.resolve();
  private inbox: Promise<unknown> = Promise.resolve();
  private started = false;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
  ) {
    this.transport = busTransport(store);
  }

  /** Registers this instance and starts listening. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const db = instanceDb(this.store.db);
    await db.insertInto('server_instances').values({ id: this.instanceId, started_at: sql<Date>`now()`, seen_at: sql<Date>`now()` }).execute();
    this.stopListening = await this.transport.listen(
      (payload) => this.receive(payload),
      () => {
        for (const listener of this.gapListeners) listener();
      },
    );
    this.heartbeat = setInterval(() => void this.beat(), INSTANCE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Runs `work` first when the bus stops (a module taking its rows with it). */
  onStop(work: () => Promise<void>): void {
    this.beforeStop.push(work);
  }

  /** Stops listening and unregisters this instance; questions still waiting fail. */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      if (!this.started) return;
      for (const work of this.beforeStop) await work().catch((err: unknown) => this.log.error({ err }, 'instance bus: stop hook failed'));
      if (this.heartbeat) clearInterval(this.heartbeat);
      await this.stopListening?.();
      await this.outbox.catch(() => {});
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new TandemError('not_ready', 'This server is shutting down. Try again.'));
        this.pending.delete(id);
      }
      await instanceDb(this.store.db).deleteFrom('server_instances').where('id', '=', this.instanceId).execute().catch(() => {});
    })());
  }

  /** Sends `body` to every other instance, or to one (`to`). Resolves once it is sent. */
  publish<T>(topic: BusTopic<T>, body: T, options: { to?: string } = {}): Promise<void> {
    return this.send(topic.name, topic.schema.parse(body), options.to ?? null);
  }

  /** Calls `handler` for each message of `topic` from another instance; answers a function that stops it. */
  subscribe<T>(topic: BusTopic<T>, handler: (body: T, meta: BusMeta) => void): () => void {
    const checked = (body: unknown, meta: BusMeta) => {
      const parsed = topic.schema.safeParse(body);
      if (!parsed.success) return this.log.warn({ topic: topic.name, from: meta.from }, 'instance bus: malformed message dropped');
      handler(parsed.data, meta);
    };
    let set = this.handlers.get(topic.name);
    if (!set) this.handlers.set(topic.name, (set = new Set()));
    set.add(checked);
    return () => set.delete(checked);
  }

  /** Calls `listener` when messages may have been lost (the listening connection dropped). */
  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  /** Answers `request` on this instance (one handler per request name). */
  answer<Q, A>(request: BusRequest<Q, A>, handler: (body: Q, meta: BusMeta) => Promise<A>): void {
    this.answerers.set(request.name, async (body, meta) => request.answer.parse(await handler(request.request.parse(body), meta)));
  }

  /**
   * Asks one instance and resolves with its answer; rejects with the answering handler's
   * TandemError, or `timeout` when no answer comes in `timeoutMs` (the instance may be gone).
   */
  ask<Q, A>(instanceId: string, request: BusRequest<Q, A>, body: Q, timeoutMs: number): Promise<A> {
    const askId = randomUUID();
    const answered = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(askId);
        reject(new TandemError('timeout', 'Another Tandem server instance did not answer in time. Try again.'));
      }, timeoutMs);
      timer.unref();
      this.pending.set(askId, { resolve, reject, timer });
    });
    this.send(ASK, { askId, name: request.name, body: request.request.parse(body) }, instanceId).catch((err: unknown) => this.settle(askId, { ok: false, code: 'internal', message: errorMessage(err) }));
    return answered.then((a) => request.answer.parse(a));
  }

  /** The instances seen alive within INSTANCE_STALE_MS, this one included. */
  async liveInstanceIds(): Promise<string[]> {
    const rows = await instanceDb(this.store.db)
      .selectFrom('server_instances')
      .select('id')
      .where('seen_at', '>', sql<Date>`now() - make_interval(secs => ${INSTANCE_STALE_MS / 1000})`)
      .execute();
    return rows.map((r) => r.id);
  }

  // ---- sending and receiving ----

  private send(topic: string, body: unknown, to: string | null): Promise<void> {
    if (to === this.instanceId) {
      // To oneself: no round trip through the database, but still after the caller's turn.
      setImmediate(() => this.dispatch(topic, body, { from: this.instanceId }));
      return Promise.resolve();
    }
    const envelope: Envelope = { v: 1, id: randomUUID(), from: this.instanceId, to, topic, body };
    const sent = this.outbox.then(async () => {
      const text = JSON.stringify(envelope);
      if (Buffer.byteLength(text) <= this.transport.maxPayloadBytes) return this.transport.send(text);
      // Too large for a NOTIFY: the body waits in a row, the notification names it.
      await instanceDb(this.store.db).insertInto('instance_bus_payloads').values({ id: envelope.id, body: JSON.stringify(body), created_at: sql<Date>`now()` }).execute();
      const { body: _omitted, ...head } = envelope;
      return this.transport.send(JSON.stringify({ ...head, ref: envelope.id }));
    });
    this.outbox = sent.catch(() => {});
    return sent;
  }

  private receive(payload: string): void {
    this.inbox = this.inbox.then(() => this.accept(payload)).catch((err: unknown) => this.log.error({ err }, 'instance bus: delivery failed'));
  }

  private async accept(payload: string): Promise<void> {
    let envelope: Envelope;
    try {
      envelope = Envelope.parse(JSON.parse(payload));
    } catch {
      return this.log.warn('instance bus: unreadable notification dropped');
    }
    if (envelope.from === this.instanceId || (envelope.to !== null && envelope.to !== this.instanceId)) return;
    let body = envelope.body;
    if (envelope.ref) {
      const row = await instanceDb(this.store.db).selectFrom('instance_bus_payloads').select('body').where('id', '=', envelope.ref).executeTakeFirst();
      if (!row) return this.log.warn({ topic: envelope.topic }, 'instance bus: large message no longer stored, dropped');
      body = JSON.parse(row.body);
    }
    this.dispatch(envelope.topic, body, { from: envelope.from });
  }

  private dispatch(topic: string, body: unknown, meta: BusMeta): void {
    if (topic === ASK) return void this.answerAsk(body, meta);
    if (topic === ANSWER) {
      const parsed = Answer.safeParse(body);
      if (parsed.success) this.settle(parsed.data.askId, parsed.data);
      return;
    }
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(body, meta);
      } catch (err) {
        this.log.error({ err, topic }, 'instance bus: handler failed');
      }
    }
  }

  private async answerAsk(raw: unknown, meta: BusMeta): Promise<void> {
    const parsed = Ask.safeParse(raw);
    if (!parsed.success) return;
    const { askId, name, body } = parsed.data;
    const handler = this.answerers.get(name);
    let answer: z.infer<typeof Answer>;
    try {
      if (!handler) throw new TandemError('not_ready', 'That server instance cannot answer this yet. Try again.');
      answer = { askId, ok: true, answer: await handler(body, meta) };
    } catch (err) {
      answer =
        err instanceof TandemError
          ? { askId, ok: false, code: err.code, message: err.message }
          : { askId, ok: false, code: 'internal', message: 'Another Tandem server instance failed to answer. Try again.' };
      if (!(err instanceof TandemError)) this.log.error({ err, name }, 'instance bus: answering failed');
    }
    await this.send(ANSWER, answer, meta.from).catch((err: unknown) => this.log.error({ err }, 'instance bus: sending an answer failed'));
  }

  private settle(askId: string, answer: { ok: boolean; answer?: unknown; code?: string; message?: string }): void {
    const waiting = this.pending.get(askId);
    if (!waiting) return;
    this.pending.delete(askId);
    clearTimeout(waiting.timer);
    if (answer.ok) waiting.resolve(answer.answer);
    else waiting.reject(new TandemError(asErrorCode(answer.code), answer.message ?? 'Another Tandem server instance refused.'));
  }

  private async beat(): Promise<void> {
    const db = instanceDb(this.store.db);
    try {
      await db.updateTable('server_instances').set({ seen_at: sql<Date>`now()` }).where('id', '=', this.instanceId).execute();
      // Sweeps anyone may do: instances long gone, and large bodies every receiver has had a minute to read.
      await db.deleteFrom('server_instances').where('seen_at', '<', sql<Date>`now() - make_interval(secs => ${(INSTANCE_STALE_MS * 10) / 1000})`).execute();
      await db.deleteFrom('instance_bus_payloads').where('created_at', '<', sql<Date>`now() - interval '1 minute'`).execute();
    } catch (err) {
      if (!this.stopping) this.log.warn({ err }, 'instance bus: heartbeat failed');
    }
  }
}

/** Who sent a message. */
export interface BusMeta {
  from: string;
}

/** A kind of message on the bus: its name and the schema of its body. */
export interface BusTopic<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
}

/** Declares a topic; names are dotted, area first (`device.link_taken`, `remote.frame`). */
export function busTopic<T>(name: string, schema: z.ZodType<T>): BusTopic<T> {
  if (name.startsWith('bus.')) throw new Error('Topic names starting with bus. are the bus’s own.');
  return { name, schema };
}

/** A question one instance asks another: the schemas of the question and of its answer. */
export interface BusRequest<Q, A> {
  readonly name: string;
  readonly request: z.ZodType<Q>;
  readonly answer: z.ZodType<A>;
}

/** Declares a request (see InstanceBus.ask and InstanceBus.answer). */
export function busRequest<Q, A>(name: string, request: z.ZodType<Q>, answer: z.ZodType<A>): BusRequest<Q, A> {
  return { name, request, answer };
}

const ASK = 'bus.ask';
const ANSWER = 'bus.answer';

const Envelope = z.object({
  v: z.literal(1),
  id: z.uuid(),
  from: z.uuid(),
  to: z.uuid().nullable(),
  topic: z.string().min(1).max(200),
  body: z.unknown().optional(),
  /** The id of the `instance_bus_payloads` row holding the body, for a large message. */
  ref: z.uuid().optional(),
});
type Envelope = z.infer<typeof Envelope>;
const Ask = z.object({ askId: z.uuid(), name: z.string(), body: z.unknown() });
const Answer = z.object({ askId: z.uuid(), ok: z.boolean(), answer: z.unknown().optional(), code: z.string().optional(), message: z.string().optional() });

const asErrorCode = (code: string | undefined): ErrorCode => (code && code in ERROR_CODES ? (code as ErrorCode) : 'internal');
const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

const buses = new WeakMap<ServerContext, InstanceBus>();

/** The bus of a server instance (one per context); the app starts it (startInstanceBus). */
export function instanceBus(ctx: ServerContext): InstanceBus {
  let bus = buses.get(ctx);
  if (!bus) {
    bus = new InstanceBus(ctx.store, ctx.log);
    buses.set(ctx, bus);
  }
  return bus;
}

/** Starts the instance's bus with the app, and stops it (after its stop hooks) when the app closes. */
export async function startInstanceBus(app: { addHook(name: 'onClose', hook: () => Promise<void>): unknown }, ctx: ServerContext): Promise<InstanceBus> {
  const bus = instanceBus(ctx);
  await bus.start();
  app.addHook('onClose', () => bus.stop());
  return bus;
}
