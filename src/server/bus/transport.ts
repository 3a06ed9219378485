import { sql } from 'kysely';
import type { Store } from '../store/database';

/** How bus messages travel between instances: whole JSON texts, broadcast to every listener. */
export interface BusTransport {
  /** Largest text `send` takes; the bus moves larger bodies through a table. */
  readonly maxPayloadBytes: number;
  send(payload: string): Promise<void>;
  /** Calls `onMessage` for every text sent (by any instance, this one included). */
  listen(onMessage: (payload: string) => void, onGap: () => void): Promise<() => Promise<void>>;
}

/** PostgreSQL's NOTIFY payload limit is 8000 bytes; the envelope stays a little under it. */
const NOTIFY_MAX_BYTES = 7_900;

/** The transport for a store: NOTIFY/LISTEN on PostgreSQL, in-process on PGlite. */
export function busTransport(store: Store): BusTransport {
  return store.kind === 'postgres' ? notifyTransport(store) : inProcessTransport(store);
}

/**
 * NOTIFY on a channel named after the database schema, so that stores in different schemas of one
 * database (tests, or two deployments) never hear each other.
 */
function notifyTransport(store: Store): BusTransport {
  const channel = store.schema ? `tandem_bus_${store.schema}` : 'tandem_bus';
  return {
    maxPayloadBytes: NOTIFY_MAX_BYTES,
    send: async (payload) => {
      await sql`select pg_notify(${channel}, ${payload})`.execute(store.db);
    },
    listen: (onMessage, onGap) => store.listen(channel, onMessage, onGap),
  };
}

const inProcess = new WeakMap<Store, Set<(payload: string) => void>>();

/**
 * PGlite lives inside one process, so the instances that can share it are in that process too:
 * messages go straight to the other listeners of the same store object, after the sender's turn
 * (as a NOTIFY would).
 */
function inProcessTransport(store: Store): BusTransport {
  let listeners = inProcess.get(store);
  if (!listeners) inProcess.set(store, (listeners = new Set()));
  const all = listeners;
  return {
    maxPayloadBytes: Number.POSITIVE_INFINITY,
    send: (payload) => {
      const targets = [...all];
      setImmediate(() => {
        for (const listener of targets) listener(payload);
      });
      return Promise.resolve();
    },
    listen: (onMessage) => {
      all.add(onMessage);
      return Promise.resolve(async () => void all.delete(onMessage));
    },
  };
}
