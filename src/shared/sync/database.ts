import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { SyncCollection } from './protocol';
import { SYNC_SCHEMAS, type SyncDocTypes } from './schemas';

addRxPlugin(RxDBMigrationSchemaPlugin);

export type TandemCollections = { [C in SyncCollection]: RxCollection<SyncDocTypes[C]> };
export type TandemDatabase = RxDatabase<TandemCollections>;

/**
 * How to bring a client's stored documents forward when a collection's schema version goes up:
 * one function per version, keyed by the version it produces (RxDB's migrationStrategies).
 */
export type MigrationStrategies = Record<number, (doc: Record<string, unknown>) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>>;

export const MIGRATIONS: { [C in SyncCollection]: MigrationStrategies } = {
  tickets: {},
  // v1 added the optional `score` of rating events: stored events stay as they are.
  ticket_events: { 1: (doc) => doc },
  users: {},
  groups: {},
  kb_articles: {},
  devices: {},
  reference: {},
};

/** The database name for one signed-in user on one server: each user's data stays apart. */
export function databaseName(serverUrl: string, userId: string): string {
  let h = 0;
  for (const ch of serverUrl) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `tandem_${(h >>> 0).toString(36)}_${userId.replace(/-/g, '')}`;
}

/** Opens (creating or migrating) one user's local database with every replicated collection. */
export async function openTandemDatabase(options: {
  name: string;
  storage: RxStorage<unknown, unknown>;
  /** Share change events between tabs of one browser (BroadcastChannel). */
  multiInstance?: boolean;
  /** Open only these collections (tools and tests that need a few); default all. */
  collections?: readonly SyncCollection[];
  /**
   * Another schema (and its migrations) for some collections instead of the shipped ones: lets a
   * test open a database as a newer (or older) client version would.
   */
  versions?: { [C in SyncCollection]?: { schema: RxJsonSchema<never>; migrations: MigrationStrategies } };
}): Promise<TandemDatabase> {
  const db = await createRxDatabase<TandemCollections>({
    name: options.name,
    storage: options.storage,
    multiInstance: options.multiInstance ?? false,
    eventReduce: true,
    closeDuplicates: true,
  });
  const collections = Object.fromEntries(
    (options.collections ?? (Object.keys(SYNC_SCHEMAS) as SyncCollection[])).map((c) => [
      c,
      {
        schema: options.versions?.[c]?.schema ?? SYNC_SCHEMAS[c],
        migrationStrategies: options.versions?.[c]?.migrations ?? MIGRATIONS[c],
        autoMigrate: true,
      },
    ]),
  );
  await db.addCollections(collections as never);
  return db;
}
