import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomFieldDefinition, Ticket } from '../../src/shared/domain/ticket';
import { createUser, type ApiClient } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

describe.each(STORE_KINDS)('custom fields and ticket pages on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let endUser: ApiClient;
  const clock = new FakeClock('2026-04-01T10:00:00.000Z');

  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
    agent = await createUser(ts.admin, 'agent');
    endUser = await createUser(ts.admin, 'end_user');
  });
  afterAll(async () => {
    await ts?.close();
  });

  const word = () => `w${Math.random().toString(36).slice(2, 10)}`;

  it('admins define custom fields; everyone signed in reads them; changes are audited', async () => {
    const created = await ts.admin.post<CustomFieldDefinition>('/api/custom-fields', { key: 'site', label: 'Site', type: 'select', options: ['HQ', 'Lab'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'site', label: 'Site', type: 'select', options: ['HQ', 'Lab'], required: false });
    expect((await agent.post('/api/custom-fields', { key: 'x', label: 'X', type: 'text' })).status).toBe(403);
    expect((await ts.admin.post('/api/custom-fields', { key: 'site', label: 'Again', type: 'text' })).status).toBe(409);
    expect((await ts.admin.post('/api/custom-fields', { key: 'Bad Key', label: 'X', type: 'text' })).status).toBe(400);
    expect((await ts.admin.post('/api/custom-fields', { key: 'pick', label: 'Pick', type: 'select' })).status).toBe(400);
    expect((await ts.admin.post('/api/custom-fields', { key: 'txt', label: 'Txt', type: 'text', options: ['a'] })).status).toBe(400);

    const list = await endUser.get<{ items: CustomFieldDefinition[] }>('/api/custom-fields');
    expect(list.status).toBe(200);
    expect(list.body.items.map((f) => f.key)).toContain('site');

    clock.advance(1000);
    const relabelled = await ts.admin.patch<CustomFieldDefinition>('/api/custom-fields/site', { label: 'Office', options: ['HQ', 'Lab', 'Remote'] });
    expect(relabelled.body).toMatchObject({ label: 'Office', options: ['HQ', 'Lab', 'Remote'], updatedAt: clock.now().toISOString() });
    expect((await ts.admin.patch('/api/custom-fields/site', { options: [] })).status).toBe(400);
    expect((await ts.admin.patch('/api/custom-fields/site', { type: 'text' })).status).toBe(400);
    expect((await ts.admin.patch('/api/custom-fields/nothere', { label: 'x' })).status).toBe(404);

    expect((await ts.admin.post('/api/custom-fields', { key: 'gone', label: 'Gone', type: 'boolean' })).status).toBe(201);
    expect((await agent.delete('/api/custom-fields/gone')).status).toBe(403);
    expect((await ts.admin.delete('/api/custom-fields/gone')).status).toBe(200);
    expect((await ts.admin.delete('/api/custom-fields/gone')).status).toBe(404);

    const audit = await ts.store.db.selectFrom('audit_log').select(['target', 'detail']).where('action', '=', 'custom_field.changed').orderBy('at').execute();
    expect(audit.map((a) => [a.target, (a.detail as { change: string }).change])).toEqual([
      ['site', 'created'],
      ['site', 'updated'],
      ['gone', 'created'],
      ['gone', 'deleted'],
    ]);
  });

  it('ticket values are checked against the definitions: key, type, options, required', async () => {
    for (const f of [
      { key: 'asset_tag', label: 'Asset tag', type: 'text', required: true },
      { key: 'seats', label: 'Seats', type: 'number' },
      { key: 'urgent_ok', label: 'Urgent OK', type: 'boolean' },
      { key: 'room', label: 'Room', type: 'select', options: ['A', 'B'] },
    ]) {
      expect((await ts.admin.post('/api/custom-fields', f)).status).toBe(201);
    }
    const bad: [Record<string, unknown>, string][] = [
      [{ seats: 2 }, 'asset_tag'],
      [{ asset_tag: null }, 'asset_tag'],
      [{ asset_tag: 'A1', nope: 1 }, 'nope'],
      [{ asset_tag: 7 }, 'asset_tag'],
      [{ asset_tag: 'A1', seats: 'two' }, 'seats'],
      [{ asset_tag: 'A1', urgent_ok: 'yes' }, 'urgent_ok'],
      [{ asset_tag: 'A1', room: 'C' }, 'room'],
    ];
    for (const [customFields, key] of bad) {
      const res = await endUser.post('/api/tickets', { subject: 'Fields', description: '', customFields });
      expect(res.status, JSON.stringify(customFields)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.message).toContain(key);
    }
    const ok = await endUser.post<Ticket>('/api/tickets', { subject: 'Fields', description: '', customFields: { asset_tag: 'A1', seats: 3, urgent_ok: false, room: 'B' } });
    expect(ok.status).toBe(201);
    expect(ok.body.customFields).toEqual({ asset_tag: 'A1', seats: 3, urgent_ok: false, room: 'B' });

    // An edit merges: given keys are set, null clears one, the rest stay.
    const merged = await agent.patch<Ticket>(`/api/tickets/${ok.body.id}`, { customFields: { seats: 5, room: null } });
    expect(merged.status).toBe(200);
    expect(merged.body.customFields).toEqual({ asset_tag: 'A1', seats: 5, urgent_ok: false });
    expect((await agent.patch(`/api/tickets/${ok.body.id}`, { customFields: { asset_tag: null } })).status).toBe(400);
    expect((await agent.patch(`/api/tickets/${ok.body.id}`, { customFields: { room: 'Z' } })).status).toBe(400);
    expect((await endUser.patch(`/api/tickets/${ok.body.id}`, { customFields: { seats: 1 } })).status).toBe(403);

    // Leave no required field behind for the other tests.
    for (const key of ['asset_tag', 'seats', 'urgent_ok', 'room']) expect((await ts.admin.delete(`/api/custom-fields/${key}`)).status).toBe(200);
  });

  const pageThrough = async (query: string, limit: number) => {
    const pages: Ticket[][] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: Ticket[]; nextCursor: string | null } } = await agent.get(`/api/tickets?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
      expect(pages.length).toBeLessThan(50);
    } while (cursor);
    return pages;
  };

  it.each(['updated_desc', 'created_desc', 'priority'])('keyset pages (sort %s) return every ticket exactly once, in order', async (sort) => {
    const w = word();
    const made: Ticket[] = [];
    const priorities = ['P3', 'P1', 'P4', 'P2', 'P1', 'P3', 'P2'];
    for (const [i, priority] of priorities.entries()) {
      // Pairs share a time, so the id has to break ties.
      if (i % 2 === 0) clock.advance(1000);
      const res = await agent.post<Ticket>('/api/tickets', { subject: `${w} ${i}`, description: '', priority });
      made.push(res.body);
    }
    const whole = (await pageThrough(`q=${w}&sort=${sort}`, 200)).flat();
    expect(whole).toHaveLength(7);
    const pages = await pageThrough(`q=${w}&sort=${sort}`, 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((x) => x.id)).toEqual(whole.map((x) => x.id));
    expect(new Set(pages.flat().map((x) => x.id))).toEqual(new Set(made.map((x) => x.id)));
    if (sort === 'priority') expect(whole.map((x) => x.priority)).toEqual(['P1', 'P1', 'P2', 'P2', 'P3', 'P3', 'P4']);
    else {
      const times = whole.map((x) => (sort === 'created_desc' ? x.createdAt : x.updatedAt));
      expect(times).toEqual([...times].sort().reverse());
    }
    // An exact multiple of the page size ends with a null cursor, not an empty page.
    expect((await pageThrough(`q=${w}&sort=${sort}`, 7)).map((p) => p.length)).toEqual([7]);
  });

  it('a cursor is only good for the sort it came from', async () => {
    const w = word();
    for (let i = 0; i < 3; i++) await agent.post('/api/tickets', { subject: `${w} ${i}`, description: '' });
    const first = await agent.get<{ nextCursor: string }>(`/api/tickets?q=${w}&limit=1`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const res = await agent.get(`/api/tickets?q=${w}&limit=1&sort=priority&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/first page/);
  });

  it('GET /api/tickets?limit=50 answers { items, nextCursor } for the web console', async () => {
    const res = await endUser.get('/api/tickets?limit=50');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
    expect(Array.isArray(res.body.items)).toBe(true);
  });
});
