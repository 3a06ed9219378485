import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import { SYNC_COLLECTIONS, type StreamServerMessage } from '../../shared/sync/protocol';
import type { Store } from '../store/database';
import type { Database } from '../store/schema';
import { currentRev, END_OF_REV } from './pull';
import { SOURCES, documentsOf } from './sources';

/** A live-stream subscriber: one signed-in client. */
export interface Subscriber {
  actor: Actor;
  send(message: StreamServerMessage): void;
  /** Sends a message already serialized (the feed serializes each distinct message once). */
  sendText(text: string): void;
  /** Their scope changed (role, groups): reload who they are. */
  refreshActor(): Promise<void>;
}

/**
 * The change feed of one server instance. Any commit that touches replicated rows (on this
 * instance or another sharing the database) NOTIFYs; the feed then reads everything changed since
 * the last batch once, and hands each subscriber what it may see. Batches never overlap.
 */
export class ChangeFeed {
  private readonly subscribers = new Set<Subscriber>();
  private lastRev = 0;
  private running: Promise<void> | null = null;
  private dirty = false;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    this.lastRev = await currentRev(this.store.db);
    this.stopListening = await this.store.listen(
      'tandem_sync',
      () => this.poke(),
      () => this.gap(),
    );
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
    await this.running;
  }

  add(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Something changed: run a batch now, or right after the one running. */
  poke(): void {
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Notifications may have been lost: everyone pulls from their checkpoint. */
  private gap(): void {
    for (const s of this.subscribers) s.send({ type: 'resync' });
    this.poke();
  }

  private async drain(): Promise<void> {
    do {
      this.dirty = false;
      try {
        await this.batch(this.store.db);
      } catch (err) {
        this.log.error({ err }, 'change feed batch failed; subscribers will resync');
        for (const s of this.subscribers) s.send({ type: 'resync' });
      }
    } while (this.dirty);
  }

  private async batch(db: Kysely<Database>): Promise<void> {
    const upTo = await currentRev(db);
    if (upTo <= this.lastRev) return;
    const after = { rev: this.lastRev, id: END_OF_REV };
    const rescans = await db
      .selectFrom('sync_rescans')
      .select('user_id')
      .where('rev', '>', this.lastRev)
      .where('rev', '<=', upTo)
      .execute();
    const rescanned = new Set(rescans.map((r) => r.user_id));
    const changed = await Promise.all(
      SYNC_COLLECTIONS.map(async (collection) => ({
        collection,
        rows: await SOURCES[collection].fetch(db, null, { after, upTo, limit: 1_000_000, rescan: false }),
      })),
    );
    this.lastRev = upTo;
    const checkpoint = { rev: upTo, id: END_OF_REV };
    // Readers who get the same rows the same way get the same message: it is built and serialized
    // once per batch. A document's content depends only on its row and the reader's role (notes
    // and field changes are shown by role), so role plus what each row is for them is the key.
    const messages = new Map<string, string>();
    for (const subscriber of this.subscribers) {
      if (rescanned.has(subscriber.actor.id)) {
        await subscriber.refreshActor().catch(() => {});
        subscriber.send({ type: 'resync' });
        continue;
      }
      const { actor } = subscriber;
      for (const { collection, rows } of changed) {
        if (rows.length === 0) continue;
        const changes = rows.map((row) => SOURCES[collection].deliver(actor, row));
        let seen = '';
        for (const c of changes) seen += c.delivery === 'doc' ? 'd' : c.delivery === 'tombstone' ? 't' : '-';
        if (!/[dt]/.test(seen)) continue;
        const key = `${collection}|${actor.role}|${seen}`;
        let text = messages.get(key);
        if (text === undefined) {
          text = JSON.stringify({ type: 'changes', collection, documents: documentsOf(collection, changes), checkpoint } satisfies StreamServerMessage);
          messages.set(key, text);
        }
        subscriber.sendText(text);
      }
    }
  }
}
