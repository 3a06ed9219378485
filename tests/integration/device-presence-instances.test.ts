import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceBus } from '../../src/server/bus/instance-bus';
import { instanceDb } from '../../src/server/bus/tables';
import { devicePresence } from '../../src/server/devices/presence';
import type { RunningServer } from '../../src/server/server';
import { DEVICE_CLOSE, responseFrames } from '../../src/shared/device-protocol';
import { ApiClient } from '../fixtures/api';
import { enrollTestDevice, RawDeviceLink, snapshot, type EnrolledDevice } from '../fixtures/device';
import { ADMIN } from '../fixtures/server';
import { startInstancePair, type InstancePair } from '../fixtures/server-instance';
import { STORE_KINDS, type TestStore } from '../fixtures/stores';
import { eventually } from '../fixtures/sync-client';

const capabilities = {
  diagnostics: { available: true },
  shell: { available: true },
  screen: { available: false, reason: 'No display on this machine.' },
  input: { available: false, reason: 'No display on this machine.' },
} as const;

/**
 * Device presence across two server instances on one PostgreSQL database: a device linked to
 * instance 2 is online (with its capabilities) in instance 1's API and offline there when it
 * leaves; a diagnostics request made on instance 1 is relayed to instance 2 and answered (a large
 * answer too, past NOTIFY's 8000 bytes); the newest link wins across instances; a crashed
 * instance's links do not count.
 */
const hasPostgres = STORE_KINDS.includes('postgres');
describe.skipIf(!hasPostgres)(
  // Instances share a database only through PostgreSQL; PGlite is embedded in one process.
  hasPostgres ? 'device presence across two server instances on PostgreSQL' : 'device presence across two server instances (skipped: no PostgreSQL reachable)',
  () => {
    let pair: InstancePair;
    let store1: TestStore;
    let one: RunningServer;
    let two: RunningServer;
    let admin1: ApiClient;
    let admin2: ApiClient;

    beforeAll(async () => {
      pair = await startInstancePair();
      ({ store1, one, two, admin1 } = pair);
      admin2 = new ApiClient(two.url);
      await admin2.signIn(ADMIN.email, ADMIN.password);
    }, 180_000);
    afterAll(async () => {
      await pair?.close();
    }, 60_000);

    /** Links the device to an instance and has it say what it can do. */
    async function connect(device: EnrolledDevice, server: RunningServer): Promise<RawDeviceLink> {
      const link = await RawDeviceLink.open(server.url);
      link.send(link.proof(device.id, device.keys.privateKeyPem));
      await link.next('welcome');
      link.send({ type: 'capabilities', agent: 'tandem-agent/test', capabilities });
      return link;
    }
    const seenBy = async (admin: ApiClient, id: string) => (await admin.get(`/api/devices/${id}`)).body as { online: boolean; capabilities: unknown; agent: string | null };

    it('a device linked to instance 2 is online in instance 1, with its capabilities, and offline there when it leaves', async () => {
      const device = await enrollTestDevice(admin1);
      expect((await seenBy(admin1, device.id)).online).toBe(false);
      const link = await connect(device, two);
      await eventually(async () => expect(await seenBy(admin1, device.id)).toMatchObject({ online: true, capabilities, agent: 'tandem-agent/test' }));
      const listed = (await admin1.get('/api/devices?limit=100')).body.items as { id: string; online: boolean }[];
      expect(listed.find((d) => d.id === device.id)?.online).toBe(true);
      // Where a module must deliver something only the link's instance can (remote-session frames).
      expect(await devicePresence(one.ctx).holderOf(device.id)).toBe(instanceBus(two.ctx).instanceId);
      expect(await devicePresence(two.ctx).holderOf(device.id)).toBe(instanceBus(two.ctx).instanceId);

      link.close();
      await eventually(async () => expect((await seenBy(admin1, device.id)).online).toBe(false));
      expect((await seenBy(admin2, device.id)).online).toBe(false);
      expect(await devicePresence(one.ctx).holderOf(device.id)).toBeNull();
    });

    it('a diagnostics request made on instance 1 is relayed to instance 2 and answered: small, large, silent; 409 when offline everywhere', async () => {
      const device = await enrollTestDevice(admin1);
      expect((await admin1.post(`/api/devices/${device.id}/diagnostics`, {})).status).toBe(409);
      const link = await connect(device, two);
      let mode: 'small' | 'large' | 'silent' = 'small';
      const big = snapshot(400);
      link.socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id: string };
        if (frame.type !== 'request') return;
        if (mode === 'small') link.send({ type: 'response', id: frame.id, result: snapshot() });
        if (mode === 'large') for (const f of responseFrames({ type: 'response', id: frame.id, result: big })) link.send(f);
      });
      await eventually(async () => expect((await seenBy(admin1, device.id)).online).toBe(true));

      const small = await admin1.post(`/api/devices/${device.id}/diagnostics`, {});
      expect(small.status).toBe(200);
      expect(small.body).toEqual(snapshot());

      mode = 'large';
      expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(8000);
      const large = await admin1.post(`/api/devices/${device.id}/diagnostics`, {});
      expect(large.status).toBe(200);
      expect(large.body).toEqual(big);

      mode = 'silent';
      const silent = await admin1.post(`/api/devices/${device.id}/diagnostics`, { timeoutMs: 600 });
      expect(silent.status).toBe(504);
      expect(silent.body.error.message).toMatch(/did not answer in time/);

      link.close();
      await eventually(async () => expect((await seenBy(admin1, device.id)).online).toBe(false));
      expect((await admin1.post(`/api/devices/${device.id}/diagnostics`, {})).status).toBe(409);
    });

    it('the newest link wins across instances: connecting to instance 1 closes the link on instance 2', async () => {
      const device = await enrollTestDevice(admin1);
      const older = await connect(device, two);
      await eventually(async () => expect((await seenBy(admin1, device.id)).online).toBe(true));
      const newer = await connect(device, one);
      expect((await older.closed).code).toBe(DEVICE_CLOSE.replaced);
      await new Promise((r) => setTimeout(r, 300));
      // Instance 2 dropping its old link did not take the new one offline.
      expect((await seenBy(admin2, device.id)).online).toBe(true);
      expect((await seenBy(admin1, device.id)).online).toBe(true);
      newer.close();
      await eventually(async () => expect((await seenBy(admin2, device.id)).online).toBe(false));
    });

    it('revoking a device on instance 1 cuts its link on instance 2', async () => {
      const device = await enrollTestDevice(admin1);
      const link = await connect(device, two);
      await eventually(async () => expect((await seenBy(admin1, device.id)).online).toBe(true));
      expect((await admin1.post(`/api/devices/${device.id}/revoke`)).status).toBe(200);
      expect((await link.closed).code).toBe(DEVICE_CLOSE.refused);
    });

    it('links held by an instance that stopped heartbeating (crashed) do not count', async () => {
      const device = await enrollTestDevice(admin1);
      const db = instanceDb(store1.db);
      const ghost = randomUUID();
      await db.insertInto('server_instances').values({ id: ghost, started_at: sql<Date>`now() - interval '1 hour'`, seen_at: sql<Date>`now() - interval '1 minute'` }).execute();
      await db.insertInto('device_links').values({ device_id: device.id, instance_id: ghost, link_id: randomUUID(), connected_at: new Date(), capabilities: null, agent: null }).execute();
      expect((await seenBy(admin1, device.id)).online).toBe(false);
      expect((await admin1.post(`/api/devices/${device.id}/diagnostics`, {})).status).toBe(409);
    });
  },
);
