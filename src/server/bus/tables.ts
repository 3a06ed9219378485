import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** Migration 0008: the tables of several server instances on one database. */
export type InstanceTables = {
  server_instances: { id: string; started_at: Date; seen_at: Date };
  instance_bus_payloads: { id: string; body: string; created_at: Date };
  device_links: {
    device_id: string;
    instance_id: string;
    link_id: string;
    connected_at: Date;
    capabilities: unknown;
    agent: string | null;
  };
};

/** The store's database seen with the instance tables. */
export const instanceDb = (db: Kysely<Database>): Kysely<Database & InstanceTables> => db.withTables<InstanceTables>();

/** An instance whose heartbeat is older than this is gone: what it held no longer counts. */
export const INSTANCE_STALE_MS = 20_000;
/** How often an instance says it is alive. */
export const INSTANCE_HEARTBEAT_MS = 5_000;
