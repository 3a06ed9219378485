import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LINK_TIMINGS } from '../../src/server/devices/connect';
import { FakeClock } from '../fixtures/clock';
import { enrollTestDevice, RawDeviceLink } from '../fixtures/device';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

describe.each(STORE_KINDS)('device presence and last seen (%s)', (kind) => {
  let ts: TestServer;
  const clock = new FakeClock(new Date());
  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
  });
  afterAll(() => ts?.close());

  const lastSeen = async (id: string) => (await ts.admin.get(`/api/devices/${id}`)).body.lastSeenAt as string | null;
  const settle = () => new Promise((r) => setTimeout(r, 150));

  it('records last seen on connect, then at most once per write interval however often heartbeats come', async () => {
    const device = await enrollTestDevice(ts.admin);
    const link = await RawDeviceLink.open(ts.url);
    // The server judges the proof's timestamp by its own (fake) clock.
    link.send(link.proof(device.id, device.keys.privateKeyPem, clock.now().getTime()));
    expect((await link.next('welcome')).heartbeatMs).toBe(DEFAULT_LINK_TIMINGS.heartbeatMs);
    const connectedAt = clock.now().toISOString();
    expect(await lastSeen(device.id)).toBe(connectedAt);

    clock.advance(DEFAULT_LINK_TIMINGS.lastSeenWriteMs - 1000);
    link.send({ type: 'heartbeat' });
    await settle();
    expect(await lastSeen(device.id)).toBe(connectedAt);

    clock.advance(1000);
    const due = clock.now().toISOString();
    link.send({ type: 'heartbeat' });
    await settle();
    expect(await lastSeen(device.id)).toBe(due);

    clock.advance(5000);
    link.send({ type: 'heartbeat' });
    await settle();
    expect(await lastSeen(device.id)).toBe(due);
    link.close();
  });

  it('refuses a proof stamped more than a minute from the server clock, either way', async () => {
    const device = await enrollTestDevice(ts.admin);
    for (const skew of [-61_000, 61_000]) {
      const link = await RawDeviceLink.open(ts.url);
      link.send(link.proof(device.id, device.keys.privateKeyPem, clock.now().getTime() + skew));
      expect((await link.next('error')).message).toMatch(/timestamp is too far/);
    }
    const ok = await RawDeviceLink.open(ts.url);
    ok.send(ok.proof(device.id, device.keys.privateKeyPem, clock.now().getTime() + 59_000));
    await ok.next('welcome');
    ok.close();
  });

  it('keeps the newest connection of a device and closes the older one', async () => {
    const device = await enrollTestDevice(ts.admin);
    const older = await RawDeviceLink.open(ts.url);
    older.send(older.proof(device.id, device.keys.privateKeyPem, clock.now().getTime()));
    await older.next('welcome');
    const newer = await RawDeviceLink.open(ts.url);
    newer.send(newer.proof(device.id, device.keys.privateKeyPem, clock.now().getTime()));
    await newer.next('welcome');
    expect((await older.closed).code).toBe(4409);
    await settle();
    expect((await ts.admin.get(`/api/devices/${device.id}`)).body.online).toBe(true);
    newer.close();
  });
});
