import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_sync';
import * as m0003 from './migrations/0003_devices';
import * as m0004 from './migrations/0004_ticket_ratings';
import * as m0005 from './migrations/0005_console_presets';
import * as m0006 from './migrations/0006_kb_versions';
import * as m0007 from './migrations/0007_remote_sessions';
import * as m0008 from './migrations/0008_instances';
import * as m0009 from './migrations/0009_reports_indexes';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

/** Every migration, in order. New ones are appended, never edited once released. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_sync': m0002,
  '0003_devices': m0003,
  '0004_ticket_ratings': m0004,
  '0005_console_presets': m0005,
  '0006_kb_versions': m0006,
  '0007_remote_sessions': m0007,
  '0008_instances': m0008,
  '0009_reports_indexes': m0009,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export type StoreKind = 'pglite' | 'postgres';

export interface StoreOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite store is used. */
  databaseUrl?: string | undefined;
  /** Folder of the PGlite database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** PostgreSQL schema to use (tests isolate themselves in one each). */
  schema?: string | undefined;
}

export interface Store {
  db: Kysely<Database>;
  kind: StoreKind;
  /** PostgreSQL schema the store lives in, when not the default. */
  schema?: string | undefined;
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel` (from any server instance sharing
   * the database); `onGap` when notifications may have been missed (the listening connection was
   * lost). Returns a function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void, onGap: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Opens the store (PGlite or PostgreSQL) and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options.databaseUrl, options.schema) : await openPGlite(options.dataDir);
  await migrateToLatest(store.db, store.schema);
  return store;
}

async function openPGlite(dataDir: string): Promise<Store> {
  let pglite: PGlite;
  if (dataDir === 'memory://') {
    pglite = new PGlite();
  } else {
    const dir = join(dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    pglite = new PGlite(dir);
  }
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    listen: async (channel, onNotify) => {
      const stop = await pglite.listen(channel, (payload) => onNotify(payload));
      return async () => {
        if (!pglite.closed) await stop();
      };
    },
    close: () => db.destroy(),
  };
}

async function openPostgres(databaseUrl: string, schema: string | undefined): Promise<Store> {
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  if (schema) {
    const client = await pool.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } finally {
      client.release();
    }
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    schema,
    listen: (channel, onNotify, onGap) => listenPostgres(databaseUrl, channel, onNotify, onGap),
    close: () => db.destroy(),
  };
}

/** Runs pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export { MIGRATIONS };

/**
 * LISTEN on a dedicated connection (pooled ones come and go). If that connection drops, it is
 * re-opened with backoff and `onGap` is called, since notifications sent meanwhile are lost.
 */
async function listenPostgres(
  databaseUrl: string,
  channel: string,
  onNotify: (payload: string) => void,
  onGap: () => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`Invalid channel: ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (attempt: number): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onNotify(msg.payload ?? '');
    });
    c.on('error', () => {
      if (stopped) return;
      client = null;
      c.end().catch(() => {});
      scheduleReconnect(1);
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      client = c;
      if (attempt > 0) onGap();
    } catch (err) {
      await c.end().catch(() => {});
      if (attempt === 0) throw err;
      scheduleReconnect(attempt + 1);
    }
  };
  const scheduleReconnect = (attempt: number) => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect(attempt);
    }, Math.min(250 * 2 ** attempt, 10_000));
  };
  await connect(0);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
