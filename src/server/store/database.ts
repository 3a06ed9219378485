import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_sync';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

/** Every migration, in order. New ones are appended, never edited once released. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_sync': m0002,
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
  return { db, kind: 'pglite', close: () => db.destroy() };
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
  return { db, kind: 'postgres', schema, close: () => db.destroy() };
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
