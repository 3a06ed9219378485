import { verify, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDeviceKeyPair } from '../../src/device/identity';
import { serverSigningKey } from '../../src/server/devices/server-key';
import { createUser, type ApiClient } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

describe.each(STORE_KINDS)('device enrollment (%s)', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  const clock = new FakeClock(new Date());
  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
    agent = await createUser(ts.admin, 'agent');
  });
  afterAll(() => ts?.close());

  const enrollWith = (token: string, name = 'kiosk-1', publicKey = makeDeviceKeyPair().publicKey) =>
    ts.anon.post('/api/devices/enroll', { token, publicKey, name, hostname: 'kiosk-1.lan', os: 'linux 6.1' });

  it('lets only admins create, list and revoke enrollment tokens', async () => {
    expect((await agent.post('/api/devices/enrollment-tokens', {})).status).toBe(403);
    expect((await agent.get('/api/devices/enrollment-tokens')).status).toBe(403);
    expect((await ts.anon.post('/api/devices/enrollment-tokens', {})).status).toBe(401);
    const created = await ts.admin.post('/api/devices/enrollment-tokens', { label: 'front desk', expiresInSeconds: 3600 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^tdm_enroll_[A-Za-z0-9_-]{43}$/);
    expect(created.body.state).toBe('active');
    expect(new Date(created.body.expiresAt).getTime() - clock.now().getTime()).toBe(3600_000);
    const listed = await ts.admin.get('/api/devices/enrollment-tokens');
    const row = listed.body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(row).toMatchObject({ label: 'front desk', state: 'active' });
    // The secret is shown once, never listed.
    expect(row.token).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect((await agent.post(`/api/devices/enrollment-tokens/${created.body.id}/revoke`)).status).toBe(403);
  });

  it('enrolls a device once with a token: record with the token owner and group, the server key pinned', async () => {
    const group = await ts.admin.post('/api/groups', { name: `kiosks-${Date.now()}` });
    expect(group.status).toBe(201);
    const owner = await createUser(ts.admin, 'end_user');
    const created = await ts.admin.post('/api/devices/enrollment-tokens', { groupId: group.body.id, ownerId: owner.user!.id });
    const keys = makeDeviceKeyPair();
    const res = await enrollWith(created.body.token, 'kiosk-1', keys.publicKey);
    expect(res.status).toBe(201);
    expect(res.body.device).toMatchObject({ name: 'kiosk-1', hostname: 'kiosk-1.lan', os: 'linux 6.1', publicKey: keys.publicKey, groupId: group.body.id, ownerId: owner.user!.id, revokedAt: null, lastSeenAt: null });
    expect(res.body.device.enrolledAt).toBe(clock.now().toISOString());

    // The pinned key is the one the server signs with.
    const serverKey = await serverSigningKey(ts.server.ctx.store);
    expect(res.body.serverPublicKey).toBe(serverKey.publicKey);
    const data = Buffer.from('script body');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: res.body.serverPublicKey }, format: 'jwk' });
    expect(verify(null, data, publicKey, serverKey.sign(data))).toBe(true);

    // Once only.
    const again = await enrollWith(created.body.token, 'kiosk-2');
    expect(again.status).toBe(401);
    expect(again.body.error.message).toMatch(/already used/);
    const listed = await ts.admin.get('/api/devices/enrollment-tokens');
    expect(listed.body.items.find((t: { id: string }) => t.id === created.body.id)).toMatchObject({ state: 'used', deviceId: res.body.device.id });
    const owned = await owner.get('/api/devices');
    expect(owned.body.items.map((d: { id: string }) => d.id)).toEqual([res.body.device.id]);
  });

  it('refuses expired, revoked and unknown tokens, and leaves a token unspent when the key is taken', async () => {
    const expiring = await ts.admin.post('/api/devices/enrollment-tokens', { expiresInSeconds: 60 });
    clock.advance(61_000);
    const expired = await enrollWith(expiring.body.token);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);

    const revokable = await ts.admin.post('/api/devices/enrollment-tokens', {});
    const revoked = await ts.admin.post(`/api/devices/enrollment-tokens/${revokable.body.id}/revoke`);
    expect(revoked.body.state).toBe('revoked');
    const refused = await enrollWith(revokable.body.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/revoked/);

    const unknown = await enrollWith(`tdm_enroll_${'A'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toMatch(/not known/);

    const first = await ts.admin.post('/api/devices/enrollment-tokens', {});
    const keys = makeDeviceKeyPair();
    expect((await enrollWith(first.body.token, 'a', keys.publicKey)).status).toBe(201);
    const second = await ts.admin.post('/api/devices/enrollment-tokens', {});
    expect((await enrollWith(second.body.token, 'b', keys.publicKey)).status).toBe(409);
    // The refused enrollment did not spend the token.
    expect((await enrollWith(second.body.token, 'b')).status).toBe(201);
  });

  it('checks the enrollment body', async () => {
    const created = await ts.admin.post('/api/devices/enrollment-tokens', {});
    expect((await enrollWith('not-a-token')).status).toBe(400);
    expect((await enrollWith(created.body.token, '')).status).toBe(400);
    expect((await enrollWith(created.body.token, 'x', 'short')).status).toBe(400);
    // Unknown fields are refused.
    const res = await ts.anon.post('/api/devices/enroll', { token: created.body.token, publicKey: makeDeviceKeyPair().publicKey, name: 'x', extra: 1 });
    expect(res.status).toBe(400);
    expect((await ts.admin.post('/api/devices/enrollment-tokens', { expiresInSeconds: 5 })).status).toBe(400);
    expect((await ts.admin.post('/api/devices/enrollment-tokens', { ownerId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    // None of the refusals spent the token.
    expect((await enrollWith(created.body.token)).status).toBe(201);
  });
});
