import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/domain/audit';
import { createUser, type ApiClient } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

type Page = { items: AuditEntry[]; nextCursor: string | null };

describe.each(STORE_KINDS)('audit log on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let supervisor: ApiClient;
  let endUser: ApiClient;

  beforeAll(async () => {
    ts = await startTestServer(kind);
    agent = await createUser(ts.admin, 'agent');
    supervisor = await createUser(ts.admin, 'supervisor');
    endUser = await createUser(ts.admin, 'end_user');
  });
  afterAll(async () => {
    await ts?.close();
  });

  /** Lines of an actor no one else is, at chosen times, so a test knows the whole answer. */
  const seed = async (actorId: string, lines: { at: string; action: 'group.created' | 'group.updated' | 'user.updated' }[]) => {
    const ids: string[] = [];
    for (const line of lines) {
      const id = randomUUID();
      ids.push(id);
      await ts.store.db
        .insertInto('audit_log')
        .values({ id, at: line.at, actor_id: actorId, address: '127.0.0.1', action: line.action, target: `t-${id}`, detail: JSON.stringify({ n: ids.length }) })
        .execute();
    }
    return ids;
  };

  it('what the API does shows up with who did it', async () => {
    const name = `Audit team ${randomUUID()}`;
    const group = await ts.admin.post('/api/groups', { name });
    expect(group.status).toBe(201);
    const res = await ts.admin.get<Page>(`/api/audit?action=group.created&actorId=${ts.admin.user!.id}`);
    expect(res.status).toBe(200);
    const line = res.body.items.find((e) => e.target === group.body.id);
    expect(line).toMatchObject({ action: 'group.created', actorId: ts.admin.user!.id, address: '127.0.0.1', detail: {} });
    expect(Date.parse(line!.at)).not.toBeNaN();
  });

  it('only admins read it', async () => {
    for (const client of [agent, supervisor, endUser]) {
      const res = await client.get('/api/audit');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await ts.anon.get('/api/audit')).status).toBe(401);
  });

  it('filters by actor and action, newest first', async () => {
    const actor = randomUUID();
    const [a, b, c] = await seed(actor, [
      { at: '2025-05-01T10:00:00.000Z', action: 'group.created' },
      { at: '2025-05-01T11:00:00.000Z', action: 'group.updated' },
      { at: '2025-05-01T12:00:00.000Z', action: 'group.created' },
    ]);
    const all = await ts.admin.get<Page>(`/api/audit?actorId=${actor}`);
    expect(all.body.items.map((e) => e.id)).toEqual([c, b, a]);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items[0]).toEqual({ id: c, at: '2025-05-01T12:00:00.000Z', actorId: actor, address: '127.0.0.1', action: 'group.created', target: `t-${c}`, detail: { n: 3 } });
    const created = await ts.admin.get<Page>(`/api/audit?actorId=${actor}&action=group.created`);
    expect(created.body.items.map((e) => e.id)).toEqual([c, a]);
  });

  it('since is inclusive and until exclusive', async () => {
    const actor = randomUUID();
    const [, b, c, d] = await seed(actor, [
      { at: '2025-06-01T00:00:00.000Z', action: 'user.updated' },
      { at: '2025-06-02T00:00:00.000Z', action: 'user.updated' },
      { at: '2025-06-03T00:00:00.000Z', action: 'user.updated' },
      { at: '2025-06-04T00:00:00.000Z', action: 'user.updated' },
    ]);
    const window = await ts.admin.get<Page>(`/api/audit?actorId=${actor}&since=2025-06-02T00:00:00.000Z&until=2025-06-04T00:00:00.000Z`);
    expect(window.body.items.map((e) => e.id)).toEqual([c, b]);
    const offset = await ts.admin.get<Page>(`/api/audit?actorId=${actor}&since=${encodeURIComponent('2025-06-03T02:00:00+02:00')}`);
    expect(offset.body.items.map((e) => e.id)).toEqual([d, c]);
  });

  it('pages newest first with a cursor, also through lines at the same instant', async () => {
    const actor = randomUUID();
    const same = '2025-07-01T08:00:00.000Z';
    const ids = await seed(actor, [
      { at: '2025-07-01T07:00:00.000Z', action: 'group.updated' },
      { at: same, action: 'group.updated' },
      { at: same, action: 'group.updated' },
      { at: same, action: 'group.updated' },
      { at: '2025-07-01T09:00:00.000Z', action: 'group.updated' },
    ]);
    // Same instant: the tie is broken by id, descending.
    const tied = ids.slice(1, 4).sort().reverse();
    const expected = [ids[4]!, ...tied, ids[0]!];
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: Page } = await ts.admin.get(`/api/audit?actorId=${actor}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e) => e.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('refuses bad filters with a sentence', async () => {
    const action = await ts.admin.get('/api/audit?action=ticket.teleported');
    expect(action.status).toBe(400);
    expect(action.body.error.message).toMatch(/^querystring\.action/);
    expect((await ts.admin.get('/api/audit?since=yesterday')).status).toBe(400);
    expect((await ts.admin.get('/api/audit?actorId=me')).status).toBe(400);
    expect((await ts.admin.get('/api/audit?limit=0')).status).toBe(400);
    const cursor = await ts.admin.get('/api/audit?cursor=bm90IGpzb24');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toMatch(/Start again from the first page/);
  });

  it('the database refuses to change, remove or truncate lines', async () => {
    const actor = randomUUID();
    const [id] = await seed(actor, [{ at: '2025-08-01T00:00:00.000Z', action: 'group.created' }]);
    await expect(ts.store.db.updateTable('audit_log').set({ action: 'group.deleted' }).where('id', '=', id!).execute()).rejects.toThrow(/append-only/);
    await expect(ts.store.db.deleteFrom('audit_log').where('id', '=', id!).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(ts.store.db)).rejects.toThrow(/append-only/);
    const row = await ts.store.db.selectFrom('audit_log').select('action').where('id', '=', id!).executeTakeFirstOrThrow();
    expect(row.action).toBe('group.created');
  });
});
