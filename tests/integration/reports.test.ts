import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportOverview } from '../../src/shared/api/reports';
import { createUser, type ApiClient } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

/**
 * The overview report against the real server on each store. A small help desk week is played
 * through the API with a fake clock, so every ticket, reply, status change and rating has a known
 * time; the expected figures are worked out by hand below, never by the code under test.
 *
 * Paris is UTC+1 in early March 2026 (summer time starts on the 29th). The range 2–4 March in
 * Paris runs from 2026-03-01T23:00Z to 2026-03-04T23:00Z.
 *
 *  T5  created 03-01 22:00Z (23:00 Paris, before the range), Desk, A1; A1 replies 03-02 11:00Z;
 *      A1 resolves 12:00Z (14 h); U1 rates it 3.
 *  T1  created 03-02 08:00Z, Desk, A1, P2, Hardware, [printer]; A1 replies 08:30Z (30 min);
 *      A1 resolves 10:00Z (2 h); U1 rates it 5.
 *  T6  created 03-02 09:00Z, Network; A2 replies; deleted by the supervisor: counted nowhere.
 *  T2  created 03-02 23:30Z (00:30 on the 3rd in Paris), Network, A2, P1, Network, [vpn, printer];
 *      the requester replies 23:45Z and the supervisor adds a note 23:50Z (neither is a first
 *      response); A2 replies 03-03 01:30Z (2 h). Stays open.
 *  T3  created 03-03 09:00Z, Desk, P3, Hardware; nobody answers (status new).
 *  T4  created 03-03 10:00Z, Desk, A1, P4; A1 replies 14:00Z (4 h), then sets it pending.
 *  T7  created 03-04 08:00Z, Network, A2, [vpn]; A2 closes it at 09:00Z without resolving (1 h).
 */
const RANGE = 'from=2026-03-02&to=2026-03-04';
const PARIS = `${RANGE}&tz=Europe%2FParis`;

describe.each(STORE_KINDS)('reports on %s', (kind) => {
  const clock = new FakeClock('2026-03-01T21:00:00.000Z');
  let ts: TestServer;
  let supervisor: ApiClient;
  let a1: ApiClient;
  let a2: ApiClient;
  let u1: ApiClient;
  let u2: ApiClient;
  let desk: string;
  let network: string;

  const at = (iso: string) => clock.set(iso);
  const ok = <T>(res: { status: number; body: T }, what: string): T => {
    expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  const raise = async (body: Record<string, unknown>) => ok(await ts.admin.post<{ id: string }>('/api/tickets', { description: 'seeded for the report', ...body }), 'raise').id;
  const reply = async (who: ApiClient, id: string, kindOf: 'reply' | 'note' = 'reply') => ok(await who.post(`/api/tickets/${id}/events`, { kind: kindOf, body: `${kindOf} on the ticket` }), kindOf);
  const setStatus = async (who: ApiClient, id: string, status: string) => ok(await who.patch(`/api/tickets/${id}`, { status }), `status ${status}`);
  const rate = async (who: ApiClient, id: string, score: number) => ok(await who.post(`/api/tickets/${id}/rating`, { score }), 'rate');
  const overview = async (query: string, who: ApiClient = supervisor) => {
    const res = await who.get<ReportOverview>(`/api/reports/overview?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
    desk = ok(await ts.admin.post<{ id: string }>('/api/groups', { name: 'Desk' }), 'group').id;
    network = ok(await ts.admin.post<{ id: string }>('/api/groups', { name: 'Network' }), 'group').id;
    supervisor = await createUser(ts.admin, 'supervisor', { name: 'Sam Supervisor' });
    a1 = await createUser(ts.admin, 'agent', { name: 'Ada Agent', groupIds: [desk] });
    a2 = await createUser(ts.admin, 'agent', { name: 'Bo Agent', groupIds: [network] });
    u1 = await createUser(ts.admin, 'end_user', { name: 'Uma User' });
    u2 = await createUser(ts.admin, 'end_user', { name: 'Ugo User' });
    const id = (c: ApiClient) => c.user!.id;

    at('2026-03-01T22:00:00Z');
    const t5 = await raise({ subject: 'Monitor flickers', requesterId: id(u1), groupId: desk, assigneeId: id(a1) });
    at('2026-03-02T08:00:00Z');
    const t1 = await raise({ subject: 'Printer jams', requesterId: id(u1), groupId: desk, assigneeId: id(a1), priority: 'P2', category: 'Hardware', tags: ['printer'] });
    at('2026-03-02T08:30:00Z');
    await reply(a1, t1);
    at('2026-03-02T09:00:00Z');
    const t6 = await raise({ subject: 'Duplicate of something', requesterId: id(u2), groupId: network, category: 'Deleted', tags: ['gone'] });
    at('2026-03-02T09:10:00Z');
    await reply(a2, t6);
    at('2026-03-02T09:30:00Z');
    ok(await supervisor.delete(`/api/tickets/${t6}`), 'delete');
    at('2026-03-02T10:00:00Z');
    await setStatus(a1, t1, 'resolved');
    at('2026-03-02T10:30:00Z');
    await rate(u1, t1, 5);
    at('2026-03-02T11:00:00Z');
    await reply(a1, t5);
    at('2026-03-02T12:00:00Z');
    await setStatus(a1, t5, 'resolved');
    at('2026-03-02T12:30:00Z');
    await rate(u1, t5, 3);
    at('2026-03-02T23:30:00Z');
    const t2 = await raise({ subject: 'VPN drops', requesterId: id(u2), groupId: network, assigneeId: id(a2), priority: 'P1', category: 'Network', tags: ['vpn', 'printer'] });
    at('2026-03-02T23:45:00Z');
    await reply(u2, t2);
    at('2026-03-02T23:50:00Z');
    await reply(supervisor, t2, 'note');
    at('2026-03-03T01:30:00Z');
    await reply(a2, t2);
    at('2026-03-03T09:00:00Z');
    await raise({ subject: 'Keyboard missing keys', requesterId: id(u1), groupId: desk, priority: 'P3', category: 'Hardware' });
    at('2026-03-03T10:00:00Z');
    const t4 = await raise({ subject: 'New starter laptop', requesterId: id(u2), groupId: desk, assigneeId: id(a1), priority: 'P4' });
    at('2026-03-03T14:00:00Z');
    await reply(a1, t4);
    at('2026-03-03T14:05:00Z');
    await setStatus(a1, t4, 'pending');
    at('2026-03-04T08:00:00Z');
    const t7 = await raise({ subject: 'Guest wifi password', requesterId: id(u2), groupId: network, assigneeId: id(a2), tags: ['vpn'] });
    at('2026-03-04T09:00:00Z');
    await setStatus(a2, t7, 'closed');
    at('2026-03-05T10:00:00Z');
  }, 120_000);
  afterAll(async () => ts?.close());

  it('counts created and resolved per local day, every day listed', async () => {
    const r = await overview(PARIS);
    expect(r.range).toEqual({ from: '2026-03-02', to: '2026-03-04', tz: 'Europe/Paris', groupId: null, days: 3 });
    expect(r.generatedAt).toBe('2026-03-05T10:00:00.000Z');
    expect(r.perDay).toEqual([
      { day: '2026-03-02', created: 1, resolved: 2 },
      { day: '2026-03-03', created: 3, resolved: 0 },
      { day: '2026-03-04', created: 1, resolved: 1 },
    ]);
    expect(r.totals).toEqual({ created: 5, resolved: 3 });
  });

  it('buckets by the day in the time zone asked for: T2 (23:30 UTC) is on the 2nd in UTC, the 3rd in Paris', async () => {
    const utc = await overview(`${RANGE}&tz=UTC`);
    expect(utc.perDay.map((d) => d.created)).toEqual([2, 2, 1]);
    const paris3 = await overview('from=2026-03-03&to=2026-03-03&tz=Europe%2FParis');
    const utc3 = await overview('from=2026-03-03&to=2026-03-03&tz=UTC');
    expect(paris3.totals.created).toBe(3);
    expect(utc3.totals.created).toBe(2);
    // T5 was made at 23:00 on 1 March in Paris, 17:00 in New York: only the 1st counts it.
    const ny = await overview('from=2026-03-01&to=2026-03-01&tz=America%2FNew_York');
    expect(ny.perDay).toEqual([{ day: '2026-03-01', created: 1, resolved: 0 }]);
  });

  it('reports the open backlog now, by status, priority and group', async () => {
    const r = await overview(PARIS);
    expect(r.backlog).toEqual({
      total: 3,
      byStatus: [
        { status: 'new', count: 1 },
        { status: 'open', count: 1 },
        { status: 'pending', count: 1 },
        { status: 'on_hold', count: 0 },
      ],
      byPriority: [
        { priority: 'P1', count: 1 },
        { priority: 'P2', count: 0 },
        { priority: 'P3', count: 1 },
        { priority: 'P4', count: 1 },
      ],
      byGroup: [
        { groupId: desk, name: 'Desk', count: 2 },
        { groupId: network, name: 'Network', count: 1 },
      ],
    });
  });

  it('measures first response and resolution times (median and 90th percentile)', async () => {
    const r = await overview(PARIS);
    // First responses 30 min, 2 h, 4 h; T3 still waits; T7 was closed without an answer.
    // p90 interpolates between 2 h and 4 h: 7200 + 0.8 × 7200.
    expect(r.firstResponse).toEqual({ count: 3, medianSeconds: 7200, p90Seconds: 12960, awaiting: 1 });
    // Resolutions 1 h (T7 closed), 2 h (T1), 14 h (T5): p90 = 7200 + 0.8 × 43200.
    expect(r.resolution).toEqual({ count: 3, medianSeconds: 7200, p90Seconds: 41760 });
  });

  it('sums up satisfaction from the ratings given in the range', async () => {
    const r = await overview(PARIS);
    expect(r.satisfaction).toEqual({
      count: 2,
      average: 4,
      distribution: [
        { score: 1, count: 0 },
        { score: 2, count: 0 },
        { score: 3, count: 1 },
        { score: 4, count: 0 },
        { score: 5, count: 1 },
      ],
    });
  });

  it('lists agents: resolved, public replies and first responses (no notes, no requesters, no deleted tickets)', async () => {
    const r = await overview(PARIS);
    expect(r.agents).toEqual([
      { userId: a1.user!.id, name: 'Ada Agent', resolved: 2, publicReplies: 3, firstResponses: 2, firstResponseMedianSeconds: 8100 },
      { userId: a2.user!.id, name: 'Bo Agent', resolved: 1, publicReplies: 1, firstResponses: 1, firstResponseMedianSeconds: 7200 },
    ]);
  });

  it('lists the top categories and tags of the tickets created in the range', async () => {
    const r = await overview(PARIS);
    expect(r.categories).toEqual([
      { category: 'Hardware', count: 2 },
      { category: 'Network', count: 1 },
    ]);
    expect(r.tags).toEqual([
      { tag: 'printer', count: 2 },
      { tag: 'vpn', count: 2 },
    ]);
  });

  it('narrows every figure to one group', async () => {
    const r = await overview(`${PARIS}&groupId=${desk}`);
    expect(r.range.groupId).toBe(desk);
    expect(r.perDay).toEqual([
      { day: '2026-03-02', created: 1, resolved: 2 },
      { day: '2026-03-03', created: 2, resolved: 0 },
      { day: '2026-03-04', created: 0, resolved: 0 },
    ]);
    expect(r.backlog.total).toBe(2);
    expect(r.backlog.byGroup).toEqual([{ groupId: desk, name: 'Desk', count: 2 }]);
    // 30 min (T1) and 4 h (T4); T3 waits. p90 = 1800 + 0.9 × 12600.
    expect(r.firstResponse).toEqual({ count: 2, medianSeconds: 8100, p90Seconds: 13140, awaiting: 1 });
    expect(r.resolution).toEqual({ count: 2, medianSeconds: 28800, p90Seconds: 46080 });
    expect(r.satisfaction.count).toBe(2);
    expect(r.agents.map((a) => [a.name, a.resolved, a.publicReplies])).toEqual([['Ada Agent', 2, 3]]);
    expect(r.tags).toEqual([{ tag: 'printer', count: 1 }]);
    const other = await overview(`${PARIS}&groupId=${network}`);
    expect(other.totals).toEqual({ created: 2, resolved: 1 });
    expect(other.agents.map((a) => [a.name, a.resolved, a.publicReplies])).toEqual([['Bo Agent', 1, 1]]);
  });

  it('answers a range with nothing in it with zeros and no measures', async () => {
    const r = await overview('from=2025-06-01&to=2025-06-02&tz=UTC');
    expect(r.perDay).toEqual([
      { day: '2025-06-01', created: 0, resolved: 0 },
      { day: '2025-06-02', created: 0, resolved: 0 },
    ]);
    expect(r.firstResponse).toEqual({ count: 0, medianSeconds: null, p90Seconds: null, awaiting: 0 });
    expect(r.resolution).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(r.satisfaction).toEqual({ count: 0, average: null, distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: 0 })) });
    expect(r.agents).toEqual([]);
    expect(r.categories).toEqual([]);
    // The backlog is now, whatever the range.
    expect(r.backlog.total).toBe(3);
  });

  it('is for supervisors and admins only: 403 for agents and end users, 401 without a session', async () => {
    expect((await overview(PARIS, ts.admin)).totals.created).toBe(5);
    for (const who of [a1, u1]) {
      const res = await who.get(`/api/reports/overview?${PARIS}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/role does not allow/);
      // Refused before the query is even read.
      expect((await who.get('/api/reports/overview?tz=nowhere')).status).toBe(403);
    }
    expect((await ts.anon.get(`/api/reports/overview?${PARIS}`)).status).toBe(401);
  });

  it.each([
    ['an unknown time zone', `${RANGE}&tz=Mars%2FOlympus_Mons`, /time zone/],
    ['no time zone', RANGE, /tz/],
    ['a range that ends before it starts', 'from=2026-03-04&to=2026-03-02&tz=UTC', /ends before it starts/],
    ['a range over 366 days', 'from=2025-01-01&to=2026-01-02&tz=UTC', /at most 366 days/],
    ['a day that does not exist', 'from=2026-02-30&to=2026-03-02&tz=UTC', /does not exist/],
    ['a day in another format', 'from=02%2F03%2F2026&to=2026-03-02&tz=UTC', /YYYY-MM-DD/],
    ['a group that is not there', `${PARIS}&groupId=0b6f3f5e-8a4e-4c55-9a43-3f5a2b1c0d9e`, /no such group/],
    ['a group id that is no id', `${PARIS}&groupId=desk`, /groupId/],
    ['a parameter it does not know', `${PARIS}&limit=5`, /limit|unrecognized|Unrecognized/],
  ])('refuses %s with a 400 and a sentence', async (_what, query, message) => {
    const res = await supervisor.get(`/api/reports/overview?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('accepts a whole leap year (366 days)', async () => {
    const r = await overview('from=2024-01-01&to=2024-12-31&tz=UTC');
    expect(r.perDay.length).toBe(366);
  });

  // Last, on 5 March, so the figures above stay as worked out.
  it('does not take a reply a merge moved in from an older ticket for the first response', async () => {
    const id = (c: ApiClient) => c.user!.id;
    at('2026-03-05T10:00:00Z');
    const older = await raise({ subject: 'Printer again', requesterId: id(u1), groupId: desk });
    at('2026-03-05T10:05:00Z');
    await reply(a1, older);
    at('2026-03-05T10:10:00Z');
    const newer = await raise({ subject: 'Printer once more', requesterId: id(u1), groupId: desk });
    at('2026-03-05T10:20:00Z');
    ok(await a1.post(`/api/tickets/${older}/merge`, { targetId: newer }), 'merge');
    at('2026-03-05T10:40:00Z');
    await reply(a1, newer);
    at('2026-03-05T10:50:00Z');
    await setStatus(a1, newer, 'closed');
    const r = await overview('from=2026-03-05&to=2026-03-05&tz=UTC');
    // The older ticket lost its reply to the merge (and is closed); the newer one was answered 30 min after it was made.
    expect(r.firstResponse).toEqual({ count: 1, medianSeconds: 1800, p90Seconds: 1800, awaiting: 0 });
    expect(r.backlog.total).toBe(3);
  });
});
