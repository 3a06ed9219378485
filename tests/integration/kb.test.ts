import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KbArticle } from '../../src/shared/domain/kb';
import { canSeeArticle } from '../../src/shared/permissions';
import { createUser, type ApiClient } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

describe.each(STORE_KINDS)('knowledge base on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let supervisor: ApiClient;
  let endUser: ApiClient;
  // Each write moves the clock a second on, so "newest first" has one right answer.
  const clock = new FakeClock();

  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
    agent = await createUser(ts.admin, 'agent');
    supervisor = await createUser(ts.admin, 'supervisor');
    endUser = await createUser(ts.admin, 'end_user');
  });
  afterAll(async () => {
    await ts?.close();
  });

  /** A word no other test uses, to find this test's articles by. */
  const unique = () => `w${Math.random().toString(36).slice(2, 10)}`;
  const write = async (client: ApiClient, article: Record<string, unknown>): Promise<KbArticle> => {
    clock.advance(1000);
    const res = await client.post<KbArticle>('/api/kb', article);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('an agent writes an article; the Markdown body comes back exactly as written', async () => {
    const body = '# Reset\n\n<script>alert(1)</script> **bold** [link](javascript:x)';
    const created = await write(agent, { title: '  VPN reset  ', body, visibility: 'public', category: 'Network', tags: ['vpn', 'vpn', 'howto'] });
    expect(created).toMatchObject({ title: 'VPN reset', body, visibility: 'public', category: 'Network', tags: ['vpn', 'howto'], authorId: agent.user!.id });
    const read = await endUser.get<KbArticle>(`/api/kb/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body.body).toBe(body);
  });

  it('new articles are internal unless made public', async () => {
    const created = await write(agent, { title: 'Defaults' });
    expect(created).toMatchObject({ visibility: 'internal', body: '', category: null, tags: [] });
  });

  it('end users never see internal articles, in lists or one by one', async () => {
    const word = unique();
    const pub = await write(agent, { title: `Printer ${word}`, visibility: 'public' });
    const internal = await write(agent, { title: `Printer admin ${word}`, visibility: 'internal' });

    const mine = await endUser.get<{ items: KbArticle[] }>(`/api/kb?q=${word}`);
    expect(mine.body.items.map((a) => a.id)).toEqual([pub.id]);
    const asked = await endUser.get<{ items: KbArticle[] }>(`/api/kb?q=${word}&visibility=internal`);
    expect(asked.body.items).toEqual([]);
    expect((await endUser.get(`/api/kb/${internal.id}`)).status).toBe(404);

    const agents = await agent.get<{ items: KbArticle[] }>(`/api/kb?q=${word}`);
    expect(agents.body.items.map((a) => a.id)).toEqual([internal.id, pub.id]);
    expect((await agent.get(`/api/kb/${internal.id}`)).status).toBe(200);
    const onlyInternal = await agent.get<{ items: KbArticle[] }>(`/api/kb?q=${word}&visibility=internal`);
    expect(onlyInternal.body.items.map((a) => a.id)).toEqual([internal.id]);
  });

  it("every role's list and reads agree with canSeeArticle", async () => {
    const word = unique();
    const articles = [await write(agent, { title: `Pub ${word}`, visibility: 'public' }), await write(agent, { title: `Int ${word}`, visibility: 'internal' })];
    for (const client of [endUser, agent, supervisor, ts.admin]) {
      const actor = { id: client.user!.id, role: client.user!.role, groupIds: [] };
      const expected = articles.filter((a) => canSeeArticle(actor, a)).map((a) => a.id);
      const listed = await client.get<{ items: KbArticle[] }>(`/api/kb?q=${word}`);
      expect(listed.body.items.map((a) => a.id).sort(), actor.role).toEqual(expected.sort());
      for (const a of articles) expect((await client.get(`/api/kb/${a.id}`)).status, `${actor.role} ${a.visibility}`).toBe(expected.includes(a.id) ? 200 : 404);
    }
    // The rule itself, worked out by hand: only end users are kept from internal articles.
    expect(canSeeArticle({ id: endUser.user!.id, role: 'end_user', groupIds: [] }, { visibility: 'internal' })).toBe(false);
    expect(canSeeArticle({ id: agent.user!.id, role: 'agent', groupIds: [] }, { visibility: 'internal' })).toBe(true);
  });

  it('q searches title and body, case-insensitively, and treats % and _ literally', async () => {
    const word = unique();
    const inTitle = await write(agent, { title: `Outlook ${word.toUpperCase()}`, visibility: 'public' });
    const inBody = await write(agent, { title: 'Mail profile', body: `Steps for ${word} here`, visibility: 'public' });
    await write(agent, { title: 'Unrelated', body: 'nothing', visibility: 'public' });
    const found = await agent.get<{ items: KbArticle[] }>(`/api/kb?q=${word}`);
    expect(found.body.items.map((a) => a.id).sort()).toEqual([inTitle.id, inBody.id].sort());

    const pct = await write(agent, { title: `Disk 100% ${word}`, visibility: 'public' });
    const literal = await agent.get<{ items: KbArticle[] }>(`/api/kb?q=${encodeURIComponent(`100% ${word}`)}`);
    expect(literal.body.items.map((a) => a.id)).toEqual([pct.id]);
    const underscore = await agent.get<{ items: KbArticle[] }>(`/api/kb?q=${encodeURIComponent(`${word.slice(0, 3)}_${word.slice(4)}`)}`);
    expect(underscore.body.items).toEqual([]);
  });

  it('filters by category and tag', async () => {
    const cat = unique();
    const tag = unique();
    const a = await write(agent, { title: 'A', visibility: 'public', category: cat, tags: [tag] });
    const b = await write(agent, { title: 'B', visibility: 'public', category: cat, tags: ['other'] });
    await write(agent, { title: 'C', visibility: 'public', category: 'elsewhere', tags: [tag] });
    const byCat = await endUser.get<{ items: KbArticle[] }>(`/api/kb?category=${cat}`);
    expect(byCat.body.items.map((x) => x.id)).toEqual([b.id, a.id]);
    const both = await endUser.get<{ items: KbArticle[] }>(`/api/kb?category=${cat}&tag=${tag}`);
    expect(both.body.items.map((x) => x.id)).toEqual([a.id]);
  });

  it('pages with a cursor, newest first, without repeats or gaps', async () => {
    const cat = unique();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await write(agent, { title: `Page ${i}`, category: cat })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: KbArticle[]; nextCursor: string | null } } = await agent.get(`/api/kb?category=${cat}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((a) => a.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('refuses a malformed cursor with a sentence', async () => {
    const res = await agent.get('/api/kb?cursor=not-a-cursor');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(/cursor/);
  });

  it('lists the categories of visible articles with counts', async () => {
    const pubCat = unique();
    const internalCat = unique();
    await write(agent, { title: '1', visibility: 'public', category: pubCat });
    await write(agent, { title: '2', visibility: 'public', category: pubCat });
    await write(agent, { title: '3', visibility: 'internal', category: pubCat });
    await write(agent, { title: '4', visibility: 'internal', category: internalCat });
    const forEndUser = await endUser.get<{ items: { category: string; count: number }[] }>('/api/kb/categories');
    expect(forEndUser.status).toBe(200);
    expect(forEndUser.body.items.find((c) => c.category === pubCat)).toEqual({ category: pubCat, count: 2 });
    expect(forEndUser.body.items.find((c) => c.category === internalCat)).toBeUndefined();
    const forAgent = await agent.get<{ items: { category: string; count: number }[] }>('/api/kb/categories');
    expect(forAgent.body.items.find((c) => c.category === pubCat)).toEqual({ category: pubCat, count: 3 });
    expect(forAgent.body.items.find((c) => c.category === internalCat)).toEqual({ category: internalCat, count: 1 });
  });

  it('updates an article and moves its updatedAt', async () => {
    const created = await write(agent, { title: 'Old title', visibility: 'internal' });
    clock.advance(60_000);
    const res = await agent.patch<KbArticle>(`/api/kb/${created.id}`, { title: 'New title', visibility: 'public', tags: ['fresh'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, title: 'New title', visibility: 'public', tags: ['fresh'], createdAt: created.createdAt });
    expect(new Date(res.body.updatedAt).getTime() - new Date(created.updatedAt).getTime()).toBe(60_000);
    expect((await endUser.get(`/api/kb/${created.id}`)).status).toBe(200);
  });

  it('refuses writes from end users and deletes from agents', async () => {
    const created = await write(agent, { title: 'Guarded', visibility: 'public' });
    expect((await endUser.post('/api/kb', { title: 'Mine' })).status).toBe(403);
    expect((await endUser.patch(`/api/kb/${created.id}`, { title: 'Hacked' })).status).toBe(403);
    const del = await agent.delete(`/api/kb/${created.id}`);
    expect(del.status).toBe(403);
    expect(del.body.error.code).toBe('forbidden');
    expect((await endUser.get<KbArticle>(`/api/kb/${created.id}`)).body.title).toBe('Guarded');
  });

  it('validation errors are 400 with a sentence', async () => {
    const empty = await agent.post('/api/kb', { title: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/title/i);
    const unknownField = await agent.post('/api/kb', { title: 'x', author: 'me' });
    expect(unknownField.status).toBe(400);
    const badTag = await agent.post('/api/kb', { title: 'x', tags: ['two words'] });
    expect(badTag.status).toBe(400);
    expect(badTag.body.error.message).toMatch(/Tags are single words/);
    const badVisibility = await agent.post('/api/kb', { title: 'x', visibility: 'secret' });
    expect(badVisibility.status).toBe(400);
    const noChange = await agent.patch(`/api/kb/${(await write(agent, { title: 'y' })).id}`, {});
    expect(noChange.status).toBe(400);
    expect(noChange.body.error.message).toMatch(/Change at least one field/);
    expect((await agent.get('/api/kb/not-a-uuid')).status).toBe(400);
    expect((await agent.get('/api/kb?limit=1000')).status).toBe(400);
  });

  it('a supervisor deletes softly: gone from reads, kept as a tombstone row', async () => {
    const cat = unique();
    const created = await write(agent, { title: 'Retired', visibility: 'public', category: cat });
    clock.advance(5000);
    const del = await supervisor.delete(`/api/kb/${created.id}`);
    expect(del.status).toBe(200);
    expect((await agent.get(`/api/kb/${created.id}`)).status).toBe(404);
    expect((await agent.get<{ items: KbArticle[] }>(`/api/kb?category=${cat}`)).body.items).toEqual([]);
    const cats = await agent.get<{ items: { category: string }[] }>('/api/kb/categories');
    expect(cats.body.items.some((c) => c.category === cat)).toBe(false);
    expect((await agent.patch(`/api/kb/${created.id}`, { title: 'Back' })).status).toBe(404);
    expect((await ts.admin.delete(`/api/kb/${created.id}`)).status).toBe(404);

    const row = await ts.store.db.selectFrom('kb_articles').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeInstanceOf(Date);
    expect(row.deleted_at!.toISOString()).toBe(clock.now().toISOString());
    expect(row.updated_at.getTime() - new Date(created.updatedAt).getTime()).toBe(5000);
  });

  it('unknown ids are 404 and anonymous callers 401', async () => {
    expect((await agent.get('/api/kb/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await ts.anon.get('/api/kb')).status).toBe(401);
  });
});
