import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { latest, pullAll } from '../fixtures/sync';

/**
 * Saved views and macros travel in the `reference` collection: a push is checked against the
 * schema and the permission table (personal ones for every agent, shared views for supervisors
 * and admins, shared macros for admins), and a pull gives each reader their own plus the shared.
 */
describe.each(STORE_KINDS)('console presets (views and macros) on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let agent2: ApiClient;
  let supervisor: ApiClient;
  let requester: ApiClient;

  const view = (shared: boolean, name = 'Printers') => ({
    name,
    shared,
    filter: { status: 'open', tags: ['printer'] },
    sort: { column: 'updated', direction: 'desc' },
    columns: ['number', 'subject', 'status'],
  });
  const macro = (shared: boolean, name = 'Ask for logs') => ({
    name,
    shared,
    body: 'Hello {{requester.name}}, please send the logs for {{ticket.number}}.',
    messageKind: 'reply',
    actions: { status: 'pending', addTags: ['logs'] },
  });
  const doc = (k: 'view' | 'macro', data: object, id = crypto.randomUUID()) => ({
    id: `${k}:${id}`,
    _deleted: false,
    kind: k,
    key: id,
    data,
    updatedAt: '2020-01-01T00:00:00.000Z',
  });
  const push = async (as: ApiClient, d: object) => (await as.post('/api/sync/reference/push', { rows: [{ newDocumentState: d }] })).body as { rejections: { code: string; message: string }[]; conflicts: { id: string; data?: { ownerId?: string } }[] };
  const pulled = async (as: ApiClient) => latest((await pullAll(as, 'reference')).documents);

  beforeAll(async () => {
    ts = await startTestServer(kind);
    agent = await createUser(ts.admin, 'agent', { name: 'Ada Agent' });
    agent2 = await createUser(ts.admin, 'agent', { name: 'Bo Agent' });
    supervisor = await createUser(ts.admin, 'supervisor', { name: 'Sue Supervisor' });
    requester = await createUser(ts.admin, 'end_user', { name: 'Rita Requester' });
  });
  afterAll(async () => ts?.close());

  it('a personal view reaches only its owner; the server sets the owner', async () => {
    const d = doc('view', view(false));
    const res = await push(agent, d);
    expect(res.rejections).toEqual([]);
    expect(res.conflicts[0]?.data?.ownerId).toBe(agent.user!.id);
    expect((await pulled(agent)).get(d.id)?._deleted).toBe(false);
    expect((await pulled(agent2)).has(d.id)).toBe(false);
    expect((await pulled(ts.admin)).has(d.id)).toBe(false);
    expect((await pulled(requester)).has(d.id)).toBe(false);
  });

  it('shared views: supervisors make them and every agent gets them; an agent is refused', async () => {
    const refused = await push(agent, doc('view', view(true)));
    expect(refused.rejections.map((r) => r.code)).toEqual(['forbidden']);
    const d = doc('view', view(true, 'Team printers'));
    expect((await push(supervisor, d)).rejections).toEqual([]);
    for (const who of [agent, agent2, ts.admin]) expect((await pulled(who)).get(d.id)?._deleted).toBe(false);
    expect((await pulled(requester)).has(d.id)).toBe(false);
    // An agent may not change or delete it; the supervisor may.
    expect((await push(agent, { ...d, data: view(true, 'Mine now') })).rejections.map((r) => r.code)).toEqual(['forbidden']);
    expect((await push(agent, { ...d, _deleted: true })).rejections.map((r) => r.code)).toEqual(['forbidden']);
    expect((await push(supervisor, { ...d, _deleted: true })).rejections).toEqual([]);
    expect((await pulled(agent)).get(d.id)?._deleted).toBe(true);
  });

  it('shared macros are for admins; personal macros for any agent; end users make neither', async () => {
    expect((await push(supervisor, doc('macro', macro(true)))).rejections.map((r) => r.code)).toEqual(['forbidden']);
    const shared = doc('macro', macro(true, 'Close as fixed'));
    expect((await push(ts.admin, shared)).rejections).toEqual([]);
    const mine = doc('macro', macro(false));
    expect((await push(agent, mine)).rejections).toEqual([]);
    expect((await push(requester, doc('macro', macro(false)))).rejections.map((r) => r.code)).toEqual(['forbidden']);
    const seen = await pulled(agent2);
    expect(seen.has(shared.id)).toBe(true);
    expect(seen.has(mine.id)).toBe(false);
  });

  it('another agent’s personal preset is not there for them', async () => {
    const d = doc('macro', macro(false, 'Private'));
    await push(agent, d);
    expect((await push(agent2, { ...d, data: macro(false, 'Stolen') })).rejections.map((r) => r.code)).toEqual(['not_found']);
    expect((await push(agent2, { ...d, _deleted: true })).rejections.map((r) => r.code)).toEqual(['not_found']);
  });

  it('refuses an invalid definition, a move between personal and shared, and other reference kinds', async () => {
    const bad = await push(agent, doc('view', { ...view(false), filter: { status: 'sleeping' } }));
    expect(bad.rejections[0]?.code).toBe('validation_failed');
    expect(bad.rejections[0]?.message).toMatch(/filter\.status/);
    const extra = await push(agent, doc('macro', { ...macro(false), script: 'rm -rf /' }));
    expect(extra.rejections[0]?.code).toBe('validation_failed');
    const d = doc('view', view(false));
    await push(supervisor, d);
    expect((await push(supervisor, { ...d, data: view(true) })).rejections[0]?.code).toBe('validation_failed');
    const field = await push(ts.admin, { id: 'custom_field:asset', _deleted: false, kind: 'custom_field', key: 'asset', data: {}, updatedAt: '2020-01-01T00:00:00.000Z' });
    expect(field.rejections[0]?.code).toBe('forbidden');
  });

  it('an edit by the owner replicates with a new updatedAt', async () => {
    const d = doc('view', view(false, 'Before'));
    await push(agent, d);
    const res = await push(agent, { ...d, data: view(false, 'After') });
    expect(res.rejections).toEqual([]);
    const got = (await pulled(agent)).get(d.id) as unknown as { data: { name: string } };
    expect(got.data.name).toBe('After');
  });
});
