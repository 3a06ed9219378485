import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { DEVICE_CLOSE, DEVICE_REQUESTS, DeviceCapabilities, DeviceRequestMethod, type DeviceRequestParams, type DeviceRequestResult } from '../../shared/device-protocol';
import { TandemError } from '../../shared/errors';
import { busRequest, busTopic, type InstanceBus } from '../bus/instance-bus';
import { INSTANCE_HEARTBEAT_MS, INSTANCE_STALE_MS, instanceDb } from '../bus/tables';
import type { Store } from '../store/database';
import type { DeviceLink, DevicePresence } from './presence';

/** What every instance knows of a device connected to any instance. */
export interface SharedLink {
  deviceId: string;
  instanceId: string;
  connectedAt: Date;
  capabilities: DeviceCapabilities | null;
  agent: string | null;
}

/** A device connected here: instances holding an older link of it close theirs. */
const LinkTaken = busTopic('device.link_taken', z.object({ deviceId: z.uuid(), linkId: z.uuid() }));

/** Close a device's link wherever it is (the device was revoked). */
const CloseLink = busTopic('device.close_link', z.object({ deviceId: z.uuid(), code: z.number().int(), reason: z.string().max(120) }));

/** A request for a device, relayed to the instance holding its link. */
const AskDevice = busRequest(
  'device.ask',
  z.object({ deviceId: z.uuid(), method: DeviceRequestMethod, params: z.unknown(), timeoutMs: z.number().int().positive() }),
  z.unknown(),
);

/** Time an answer may take to travel back through the bus, on top of the device's own time limit. */
const RELAY_MARGIN_MS = 3_000;

/**
 * Device presence shared by the server instances on one database. Each instance keeps its own
 * links (DevicePresence) and mirrors them into `device_links` — one row per device, the newest
 * connection wins — so any instance can say which devices are online and with what capabilities,
 * and relay a request to the instance holding the link (through the instance bus). Rows of an
 * instance that stopped heartbeating are ignored at once and swept later, so a crashed instance
 * does not leave its devices online.
 *
 * Writes are queued one after another and never block the link: presence is eventually right
 * within a database round trip.
 */
export class SharedPresence {
  private readonly linkIds = new WeakMap<DeviceLink, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly bus: InstanceBus,
    private readonly local: DevicePresence,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'error' | 'info'>,
  ) {}

  /** This server instance's id on the bus. */
  get instanceId(): string {
    return this.bus.instanceId;
  }

  /** Wires the bus: closes links taken over elsewhere, answers relayed requests; sweeps rows of dead instances. */
  start(): void {
    this.bus.subscribe(LinkTaken, ({ deviceId, linkId }) => void this.closeIfTaken(deviceId, linkId));
    this.bus.subscribe(CloseLink, ({ deviceId, code, reason }) => this.local.get(deviceId)?.close(code, reason));
    this.bus.answer(AskDevice, ({ deviceId, method, params, timeoutMs }) => this.local.askHere(deviceId, method, params as never, timeoutMs));
    // The bus drops messages while its listening connection is down; a link taken meanwhile is
    // found by comparing with the table.
    this.bus.onGap(() => void this.closeAllTaken());
    this.sweeper = setInterval(() => void this.sweep(), INSTANCE_HEARTBEAT_MS);
    this.sweeper.unref();
    this.bus.onStop(() => this.stop());
  }

  /** Forgets every link of this instance (it is stopping; its links are closing). */
  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.queue;
    await instanceDb(this.store.db).deleteFrom('device_links').where('instance_id', '=', this.bus.instanceId).execute().catch(() => {});
  }

  /** A device connected here. */
  linked(link: DeviceLink): void {
    const linkId = randomUUID();
    this.linkIds.set(link, linkId);
    this.write(async () => {
      await instanceDb(this.store.db)
        .insertInto('device_links')
        .values(this.row(link, linkId))
        .onConflict((oc) => oc.column('device_id').doUpdateSet(this.row(link, linkId)))
        .execute();
      await this.bus.publish(LinkTaken, { deviceId: link.deviceId, linkId });
    });
  }

  /** The device said what it can do. */
  updated(link: DeviceLink): void {
    const linkId = this.linkIds.get(link);
    if (!linkId) return;
    this.write(() =>
      instanceDb(this.store.db)
        .updateTable('device_links')
        .set({ capabilities: link.capabilities ? JSON.stringify(link.capabilities) : null, agent: link.agent })
        .where('link_id', '=', linkId)
        .execute(),
    );
  }

  /** A link here closed: its row goes, unless a newer link (here or elsewhere) replaced it. */
  unlinked(link: DeviceLink): void {
    const linkId = this.linkIds.get(link);
    if (!linkId) return;
    this.write(() => instanceDb(this.store.db).deleteFrom('device_links').where('device_id', '=', link.deviceId).where('link_id', '=', linkId).execute());
  }

  /** Closes the device's link on whichever other instance holds it (this one closes its own). */
  closeElsewhere(deviceId: string, code: number, reason: string): void {
    void this.bus.publish(CloseLink, { deviceId, code, reason }).catch((err: unknown) => this.log.error({ err, deviceId }, 'shared presence: could not tell the other instances to close a link'));
  }

  /** The devices among `deviceIds` connected to a live instance (this one included). */
  async lookup(deviceIds: readonly string[]): Promise<Map<string, SharedLink>> {
    if (deviceIds.length === 0) return new Map();
    await this.queue;
    const rows = await instanceDb(this.store.db)
      .selectFrom('device_links as l')
      .innerJoin('server_instances as i', 'i.id', 'l.instance_id')
      .select(['l.device_id', 'l.instance_id', 'l.connected_at', 'l.capabilities', 'l.agent'])
      .where('l.device_id', 'in', [...deviceIds])
      .where('i.seen_at', '>', sql<Date>`now() - make_interval(secs => ${INSTANCE_STALE_MS / 1000})`)
      .execute();
    return new Map(
      rows.map((r) => {
        const capabilities = DeviceCapabilities.safeParse(r.capabilities);
        return [r.device_id, { deviceId: r.device_id, instanceId: r.instance_id, connectedAt: r.connected_at, capabilities: capabilities.success ? capabilities.data : null, agent: r.agent }];
      }),
    );
  }

  /** Asks a device whose link another instance holds: 409 when no live instance holds one. */
  async ask<M extends DeviceRequestMethod>(deviceId: string, method: M, params: DeviceRequestParams<M>, timeoutMs: number): Promise<DeviceRequestResult<M>> {
    const holder = (await this.lookup([deviceId])).get(deviceId);
    if (!holder || holder.instanceId === this.bus.instanceId) throw new TandemError('conflict', 'This device is offline. Try again when it is connected.');
    const answer = await this.bus.ask(holder.instanceId, AskDevice, { deviceId, method, params, timeoutMs }, timeoutMs + RELAY_MARGIN_MS);
    return DEVICE_REQUESTS[method].result.parse(answer) as DeviceRequestResult<M>;
  }

  private row(link: DeviceLink, linkId: string) {
    return {
      device_id: link.deviceId,
      instance_id: this.bus.instanceId,
      link_id: linkId,
      connected_at: link.connectedAt,
      capabilities: link.capabilities ? JSON.stringify(link.capabilities) : null,
      agent: link.agent,
    };
  }

  private write(work: () => Promise<unknown>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => this.log.error({ err }, 'shared presence: write failed'));
  }

  /** Another instance took a device: close our link of it unless ours is the one in the table. */
  private async closeIfTaken(deviceId: string, linkId: string): Promise<void> {
    const mine = this.local.get(deviceId);
    if (!mine || this.linkIds.get(mine) === linkId) return;
    await this.queue;
    const row = await instanceDb(this.store.db).selectFrom('device_links').select('link_id').where('device_id', '=', deviceId).executeTakeFirst();
    if (row && row.link_id !== this.linkIds.get(mine) && this.local.get(deviceId) === mine) {
      this.log.info({ deviceId }, 'device connected to another instance; closing the older link here');
      mine.close(DEVICE_CLOSE.replaced, 'Replaced by a newer connection.');
    }
  }

  private async closeAllTaken(): Promise<void> {
    for (const deviceId of this.local.onlineIds()) {
      const row = await instanceDb(this.store.db).selectFrom('device_links').select('link_id').where('device_id', '=', deviceId).executeTakeFirst();
      if (row) await this.closeIfTaken(deviceId, row.link_id);
    }
  }

  /**
   * Rows of instances that stopped heartbeating (crashed) are removed; lookups already ignore them.
   * This instance's own links are written again where their row went missing (a heartbeat that
   * stalled long enough for another instance to sweep them).
   */
  private async sweep(): Promise<void> {
    for (const deviceId of this.local.onlineIds()) {
      const link = this.local.get(deviceId);
      const linkId = link && this.linkIds.get(link);
      if (!link || !linkId) continue;
      this.write(() => instanceDb(this.store.db).insertInto('device_links').values(this.row(link, linkId)).onConflict((oc) => oc.column('device_id').doNothing()).execute());
    }
    await sql`
      delete from device_links l
      where not exists (
        select 1 from server_instances i
        where i.id = l.instance_id and i.seen_at > now() - make_interval(secs => ${INSTANCE_STALE_MS / 1000})
      )`
      .execute(this.store.db)
      .catch((err: unknown) => this.log.warn({ err }, 'shared presence: sweep failed'));
  }
}
