import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDeviceKeyPair } from '../../src/device/identity';
import { DEVICE_CLOSE, responseFrames } from '../../src/shared/device-protocol';
import { createUser, type ApiClient } from '../fixtures/api';
import { enrollTestDevice, RawDeviceLink, snapshot } from '../fixtures/device';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

const until = async (check: () => Promise<boolean>, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.each(STORE_KINDS)('device link (%s)', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  beforeAll(async () => {
    ts = await startTestServer(kind);
    agent = await createUser(ts.admin, 'agent');
  });
  afterAll(() => ts?.close());

  const online = async (id: string) => ((await ts.admin.get(`/api/devices/${id}`)).body as { online: boolean }).online;

  it('welcomes a device that signs its challenge, shows it online, records last seen, and offline when it leaves', async () => {
    const device = await enrollTestDevice(ts.admin);
    expect(await online(device.id)).toBe(false);
    expect((await ts.admin.get(`/api/devices/${device.id}`)).body.lastSeenAt).toBeNull();
    const link = await RawDeviceLink.open(ts.url);
    link.send(link.proof(device.id, device.keys.privateKeyPem));
    const welcome = await link.next('welcome');
    expect(welcome.deviceId).toBe(device.id);
    expect(await online(device.id)).toBe(true);
    const listed = await agent.get('/api/devices?limit=200');
    expect(listed.body.items.find((d: { id: string }) => d.id === device.id)?.online).toBe(true);
    expect((await ts.admin.get(`/api/devices/${device.id}`)).body.lastSeenAt).not.toBeNull();
    link.close();
    await until(async () => !(await online(device.id)));
  });

  it('refuses a forged signature: another key signing for this device id', async () => {
    const device = await enrollTestDevice(ts.admin);
    const forger = makeDeviceKeyPair();
    const link = await RawDeviceLink.open(ts.url);
    link.send(link.proof(device.id, forger.privateKeyPem));
    expect((await link.next('error')).message).toMatch(/signature does not match/);
    expect((await link.closed).code).toBe(DEVICE_CLOSE.refused);
    expect(link.frames.some((f) => f.type === 'welcome')).toBe(false);
    expect(await online(device.id)).toBe(false);
  });

  it('refuses a replayed proof: a recorded auth frame sent on a new connection', async () => {
    const device = await enrollTestDevice(ts.admin);
    const first = await RawDeviceLink.open(ts.url);
    const recorded = first.proof(device.id, device.keys.privateKeyPem);
    first.send(recorded);
    await first.next('welcome');
    first.close();
    await until(async () => !(await online(device.id)));

    const replay = await RawDeviceLink.open(ts.url);
    expect(replay.challenge).not.toBe(recorded.challenge);
    replay.send(recorded);
    expect((await replay.next('error')).message).toMatch(/another challenge/);
    expect((await replay.closed).code).toBe(DEVICE_CLOSE.refused);
    expect(await online(device.id)).toBe(false);
  });

  it('refuses a stale timestamp, an unknown device, and a second proof on one connection is ignored', async () => {
    const device = await enrollTestDevice(ts.admin);
    const stale = await RawDeviceLink.open(ts.url);
    stale.send(stale.proof(device.id, device.keys.privateKeyPem, Date.now() - 5 * 60_000));
    expect((await stale.next('error')).message).toMatch(/timestamp is too far/);
    expect((await stale.closed).code).toBe(DEVICE_CLOSE.refused);

    const stranger = makeDeviceKeyPair();
    const unknown = await RawDeviceLink.open(ts.url);
    unknown.send(unknown.proof('00000000-0000-4000-8000-000000000000', stranger.privateKeyPem));
    expect((await unknown.next('error')).message).toMatch(/not enrolled/);
    expect((await unknown.closed).code).toBe(DEVICE_CLOSE.refused);

    const twice = await RawDeviceLink.open(ts.url);
    twice.send(twice.proof(device.id, device.keys.privateKeyPem));
    await twice.next('welcome');
    twice.send(twice.proof(device.id, device.keys.privateKeyPem));
    await new Promise((r) => setTimeout(r, 200));
    expect(twice.frames.filter((f) => f.type === 'welcome')).toHaveLength(1);
    expect(await online(device.id)).toBe(true);
    twice.close();
  });

  it('drops unknown and malformed frames without closing the link', async () => {
    const device = await enrollTestDevice(ts.admin);
    const link = await RawDeviceLink.open(ts.url);
    link.send('not json');
    link.send({ type: 'launch_missiles' });
    link.send({ type: 'auth', deviceId: device.id });
    await new Promise((r) => setTimeout(r, 200));
    // Still waiting for a proper proof: it is accepted after the junk.
    link.send(link.proof(device.id, device.keys.privateKeyPem));
    await link.next('welcome');
    link.send({ type: 'heartbeat', extra: 1 });
    link.send({ type: 'response', id: 'nobody-asked', result: {} });
    link.send({ type: 'capabilities', agent: 'x', capabilities: { shell: 'yes please' } });
    await new Promise((r) => setTimeout(r, 200));
    expect((await ts.admin.get(`/api/devices/${device.id}`)).body.capabilities).toBeNull();
    const capabilities = { diagnostics: { available: true }, shell: { available: true }, screen: { available: false, reason: 'No display.' }, input: { available: false, reason: 'No display.' } };
    link.send({ type: 'capabilities', agent: 'raw-test/1', capabilities });
    await until(async () => (await ts.admin.get(`/api/devices/${device.id}`)).body.capabilities !== null);
    expect((await ts.admin.get(`/api/devices/${device.id}`)).body).toMatchObject({ agent: 'raw-test/1', capabilities, online: true });
    expect(link.socket.readyState).toBe(link.socket.OPEN);
    expect(await online(device.id)).toBe(true);
    link.close();
  });

  it('refuses a revoked device, and revoking cuts a connected one off at once', async () => {
    const device = await enrollTestDevice(ts.admin);
    const link = await RawDeviceLink.open(ts.url);
    link.send(link.proof(device.id, device.keys.privateKeyPem));
    await link.next('welcome');
    const started = Date.now();
    expect((await ts.admin.post(`/api/devices/${device.id}/revoke`)).status).toBe(200);
    const closed = await link.closed;
    expect(closed.code).toBe(DEVICE_CLOSE.refused);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await online(device.id)).toBe(false);

    const again = await RawDeviceLink.open(ts.url);
    again.send(again.proof(device.id, device.keys.privateKeyPem));
    expect((await again.next('error')).message).toMatch(/revoked/);
    expect((await again.closed).code).toBe(DEVICE_CLOSE.refused);
    expect((await agent.post(`/api/devices/${device.id}/diagnostics`, {})).status).toBe(409);
  });

  it('relays a diagnostics request: the answer (also when split in parts), 409 offline, 504 silent, 502 malformed, 403 end user', async () => {
    const device = await enrollTestDevice(ts.admin);
    expect((await agent.post(`/api/devices/${device.id}/diagnostics`, {})).status).toBe(409);
    const link = await RawDeviceLink.open(ts.url);
    link.send(link.proof(device.id, device.keys.privateKeyPem));
    await link.next('welcome');

    let mode: 'small' | 'large' | 'silent' | 'malformed' = 'small';
    const big = snapshot(1500);
    link.socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id: string; method: string };
      if (frame.type !== 'request') return;
      expect(frame.method).toBe('diagnostics.request');
      if (mode === 'small') link.send({ type: 'response', id: frame.id, result: snapshot() });
      if (mode === 'large') for (const f of responseFrames({ type: 'response', id: frame.id, result: big })) link.send(f);
      if (mode === 'malformed') link.send({ type: 'response', id: frame.id, result: { schemaVersion: 99 } });
    });

    const small = await agent.post(`/api/devices/${device.id}/diagnostics`, {});
    expect(small.status).toBe(200);
    expect(small.body).toEqual(snapshot());

    mode = 'large';
    expect(JSON.stringify(big).length).toBeGreaterThan(64 * 1024);
    const large = await agent.post(`/api/devices/${device.id}/diagnostics`, {});
    expect(large.status).toBe(200);
    expect(large.body.software.items).toHaveLength(1500);
    expect(large.body.software.items[1499]).toEqual({ name: 'pkg-01499-ü', version: '1.1499.0-"quoted"' });

    mode = 'silent';
    const silent = await agent.post(`/api/devices/${device.id}/diagnostics`, { timeoutMs: 600 });
    expect(silent.status).toBe(504);
    expect(silent.body.error.message).toMatch(/did not answer in time/);

    mode = 'malformed';
    expect((await agent.post(`/api/devices/${device.id}/diagnostics`, {})).status).toBe(502);

    const endUser = await createUser(ts.admin, 'end_user');
    expect((await endUser.post(`/api/devices/${device.id}/diagnostics`, {})).status).toBe(403);
    link.close();
  });
});
