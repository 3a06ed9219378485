import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateToLatest } from '../../src/server/store/database';
import { openTestStore, STORE_KINDS, type TestStore } from '../fixtures/stores';

const EXPECTED_TABLES = [
  'attachments',
  'audit_log',
  'console_presets',
  'custom_fields',
  'device_enrollment_tokens',
  'device_links',
  'devices',
  'group_members',
  'groups',
  'instance_bus_payloads',
  'invitations',
  'kb_article_versions',
  'kb_articles',
  'login_throttle',
  'recovery_codes',
  'refresh_tokens',
  'remote_policies',
  'remote_session_events',
  'remote_sessions',
  'server_instances',
  'sessions',
  'settings',
  'sync_clock',
  'sync_rescans',
  'sync_tombstones',
  'ticket_events',
  'tickets',
  'users',
];

describe.each(STORE_KINDS)('migrations on %s', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(async () => store?.dispose());

  const tables = async () => {
    const rows = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
      order by table_name`.execute(store.db);
    return rows.rows.map((r) => r.table_name);
  };

  it('brings an empty database to the latest schema', async () => {
    expect(await tables()).toEqual(EXPECTED_TABLES);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
  });

  it('is a no-op when run again', async () => {
    expect(await migrateToLatest(store.db, store.schema)).toEqual([]);
    expect(await tables()).toEqual(EXPECTED_TABLES);
  });

  it('numbers tickets from T-1001 upward', async () => {
    const r = await sql<{ n: number }>`select nextval('ticket_number_seq')::int as n`.execute(store.db);
    expect(r.rows[0]!.n).toBe(1001);
  });

  it('every migration can be rolled back, and applied again', async () => {
    const names = Object.keys(MIGRATIONS).reverse();
    for (const name of names) await MIGRATIONS[name]!.down!(store.db as never);
    expect(await tables()).toEqual([]);
    for (const name of names.reverse()) await MIGRATIONS[name]!.up(store.db as never);
    expect(await tables()).toEqual(EXPECTED_TABLES);
  });
});
