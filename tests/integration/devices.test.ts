import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '../../src/shared/domain/device';
import type { AuditEntry } from '../../src/shared/domain/audit';
import { createUser, type ApiClient } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

describe.each(STORE_KINDS)('devices on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let endUser: ApiClient;
  let otherUser: ApiClient;
  let groupId: string;
  const clock = new FakeClock('2026-03-02T10:00:00.000Z');

  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
    agent = await createUser(ts.admin, 'agent');
    endUser = await createUser(ts.admin, 'end_user');
    otherUser = await createUser(ts.admin, 'end_user');
    const group = await ts.admin.post('/api/groups', { name: `Field team ${randomUUID()}` });
    groupId = group.body.id;
  });
  afterAll(async () => {
    await ts?.close();
  });

  /** Enrollment is a later issue: devices are put in the table as it would. */
  const insertDevice = async (values: { name: string; hostname?: string; ownerId?: string | null; groupId?: string | null; lastSeenAt?: Date | null; revokedAt?: Date | null }) => {
    const id = randomUUID();
    const now = clock.now();
    await ts.store.db
      .insertInto('devices')
      .values({
        id,
        name: values.name,
        hostname: values.hostname ?? `${values.name.toLowerCase().replace(/\W+/g, '-')}.corp`,
        os: 'Windows 11',
        owner_id: values.ownerId ?? null,
        group_id: values.groupId ?? null,
        public_key: null,
        enrolled_at: now,
        last_seen_at: values.lastSeenAt ?? null,
        revoked_at: values.revokedAt ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  };
  const unique = () => `d${Math.random().toString(36).slice(2, 10)}`;
  const ids = (res: { body: { items: Device[] } }) => res.body.items.map((d) => d.id);

  it('agents list every device by name and read one', async () => {
    const word = unique();
    const b = await insertDevice({ name: `B laptop ${word}`, ownerId: endUser.user!.id });
    const a = await insertDevice({ name: `A desktop ${word}` });
    const list = await agent.get<{ items: Device[] }>(`/api/devices?q=${word}`);
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([a, b]);
    const one = await agent.get<Device>(`/api/devices/${b}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: b,
      name: `B laptop ${word}`,
      hostname: `b-laptop-${word}.corp`,
      os: 'Windows 11',
      ownerId: endUser.user!.id,
      groupId: null,
      publicKey: null,
      enrolledAt: clock.now().toISOString(),
      lastSeenAt: null,
      revokedAt: null,
    });
  });

  it('q matches the hostname too', async () => {
    const host = `${unique()}.branch.corp`;
    const id = await insertDevice({ name: 'Reception PC', hostname: host });
    expect(ids(await agent.get(`/api/devices?q=${host.slice(0, 9).toUpperCase()}`))).toEqual([id]);
  });

  it('end users see only their own devices, whatever they ask for', async () => {
    const word = unique();
    const mine = await insertDevice({ name: `Mine ${word}`, ownerId: endUser.user!.id });
    const theirs = await insertDevice({ name: `Theirs ${word}`, ownerId: otherUser.user!.id });
    const nobodys = await insertDevice({ name: `Nobody ${word}` });

    expect(ids(await endUser.get(`/api/devices?q=${word}`))).toEqual([mine]);
    expect(ids(await endUser.get(`/api/devices?q=${word}&mine=true`))).toEqual([mine]);
    expect(ids(await endUser.get(`/api/devices?q=${word}&ownerId=${otherUser.user!.id}`))).toEqual([]);
    expect((await endUser.get(`/api/devices/${mine}`)).status).toBe(200);
    expect((await endUser.get(`/api/devices/${theirs}`)).status).toBe(404);
    expect((await endUser.get(`/api/devices/${nobodys}`)).status).toBe(404);
    expect(ids(await otherUser.get(`/api/devices?q=${word}`))).toEqual([theirs]);
  });

  it('mine=true scopes an agent to the devices they own', async () => {
    const word = unique();
    const own = await insertDevice({ name: `Agent laptop ${word}`, ownerId: agent.user!.id });
    await insertDevice({ name: `Other ${word}`, ownerId: endUser.user!.id });
    expect(ids(await agent.get(`/api/devices?q=${word}&mine=true`))).toEqual([own]);
    expect(ids(await agent.get(`/api/devices?q=${word}`))).toHaveLength(2);
  });

  it('filters by group, owner, revoked and online', async () => {
    const word = unique();
    const now = clock.now();
    const inGroupOnline = await insertDevice({ name: `G1 ${word}`, groupId, lastSeenAt: new Date(now.getTime() - 60_000) });
    const inGroupStale = await insertDevice({ name: `G2 ${word}`, groupId, lastSeenAt: new Date(now.getTime() - 3 * 60_000) });
    const owned = await insertDevice({ name: `O1 ${word}`, ownerId: otherUser.user!.id });
    const revoked = await insertDevice({ name: `R1 ${word}`, revokedAt: now });

    expect(ids(await agent.get(`/api/devices?q=${word}&groupId=${groupId}`))).toEqual([inGroupOnline, inGroupStale]);
    expect(ids(await agent.get(`/api/devices?q=${word}&ownerId=${otherUser.user!.id}`))).toEqual([owned]);
    expect(ids(await agent.get(`/api/devices?q=${word}&revoked=true`))).toEqual([revoked]);
    expect(ids(await agent.get(`/api/devices?q=${word}&revoked=false`))).toEqual([inGroupOnline, inGroupStale, owned]);
    // Online means seen in the last two minutes.
    expect(ids(await agent.get(`/api/devices?q=${word}&online=true`))).toEqual([inGroupOnline]);
    expect(ids(await agent.get(`/api/devices?q=${word}&online=false`))).toEqual([inGroupStale, owned, revoked]);
  });

  it('pages by name with a cursor', async () => {
    const word = unique();
    const made = [];
    for (const n of ['e', 'a', 'c', 'b', 'd']) made.push({ n, id: await insertDevice({ name: `${n} ${word}` }) });
    const expected = made.sort((x, y) => x.n.localeCompare(y.n)).map((x) => x.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Device[]; nextCursor: string | null } } = await agent.get(`/api/devices?q=${word}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((d) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('an admin renames, reassigns and regroups a device, and it is audited', async () => {
    const id = await insertDevice({ name: 'Old name' });
    clock.advance(1000);
    const res = await ts.admin.patch<Device>(`/api/devices/${id}`, { name: ' Finance laptop ', ownerId: endUser.user!.id, groupId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Finance laptop', ownerId: endUser.user!.id, groupId, updatedAt: clock.now().toISOString() });
    clock.advance(1000);
    const cleared = await ts.admin.patch<Device>(`/api/devices/${id}`, { ownerId: null, groupId: null });
    expect(cleared.body).toMatchObject({ name: 'Finance laptop', ownerId: null, groupId: null });
    const log = await ts.admin.get<{ items: AuditEntry[] }>(`/api/audit?action=device.updated`);
    const lines = log.body.items.filter((e) => e.target === id);
    expect(lines).toHaveLength(2);
    // Newest first.
    expect(lines.map((l) => l.detail)).toEqual([{ fields: ['ownerId', 'groupId'] }, { fields: ['name', 'ownerId', 'groupId'] }]);
  });

  it('refuses references to users or groups that do not exist', async () => {
    const id = await insertDevice({ name: 'Validated' });
    const owner = await ts.admin.patch(`/api/devices/${id}`, { ownerId: randomUUID() });
    expect(owner.status).toBe(400);
    expect(owner.body.error.message).toMatch(/^ownerId: no user has this id/);
    const group = await ts.admin.patch(`/api/devices/${id}`, { groupId: randomUUID() });
    expect(group.status).toBe(400);
    expect(group.body.error.message).toMatch(/^groupId: no group has this id/);
    expect((await ts.admin.patch(`/api/devices/${id}`, { name: '' })).status).toBe(400);
    expect((await ts.admin.patch(`/api/devices/${id}`, { hostname: 'x' })).status).toBe(400);
    expect((await ts.admin.patch(`/api/devices/${id}`, {})).status).toBe(400);
    expect((await agent.get('/api/devices?online=maybe')).status).toBe(400);
    expect((await agent.get('/api/devices?cursor=zzz')).status).toBe(400);
    const unchanged = await ts.store.db.selectFrom('devices').select('name').where('id', '=', id).executeTakeFirstOrThrow();
    expect(unchanged.name).toBe('Validated');
  });

  it('only admins change or revoke devices', async () => {
    const id = await insertDevice({ name: 'Guarded', ownerId: endUser.user!.id });
    for (const client of [agent, endUser]) {
      expect((await client.patch(`/api/devices/${id}`, { name: 'Mine now' })).status).toBe(403);
      expect((await client.post(`/api/devices/${id}/revoke`)).status).toBe(403);
    }
    expect((await agent.get<Device>(`/api/devices/${id}`)).body).toMatchObject({ name: 'Guarded', revokedAt: null });
  });

  it('revoking is idempotent: the first time stays and is audited once', async () => {
    const id = await insertDevice({ name: 'Lost phone' });
    clock.advance(1000);
    const firstAt = clock.now().toISOString();
    const first = await ts.admin.post<Device>(`/api/devices/${id}/revoke`);
    expect(first.status).toBe(200);
    expect(first.body.revokedAt).toBe(firstAt);
    clock.advance(1000);
    const second = await ts.admin.post<Device>(`/api/devices/${id}/revoke`);
    expect(second.status).toBe(200);
    expect(second.body.revokedAt).toBe(firstAt);
    const log = await ts.admin.get<{ items: AuditEntry[] }>(`/api/audit?action=device.revoked`);
    const lines = log.body.items.filter((e) => e.target === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ actorId: ts.admin.user!.id, at: firstAt });
    expect(ids(await agent.get(`/api/devices?q=Lost phone&revoked=true`))).toContain(id);
  });

  it('unknown devices are 404, anonymous callers 401', async () => {
    const missing = randomUUID();
    expect((await agent.get(`/api/devices/${missing}`)).status).toBe(404);
    expect((await ts.admin.patch(`/api/devices/${missing}`, { name: 'x' })).status).toBe(404);
    expect((await ts.admin.post(`/api/devices/${missing}/revoke`)).status).toBe(404);
    expect((await ts.anon.get('/api/devices')).status).toBe(401);
  });
});
