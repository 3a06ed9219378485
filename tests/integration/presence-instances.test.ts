import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceBus } from '../../src/server/bus/instance-bus';
import { instanceDb } from '../../src/server/bus/tables';
import type { RunningServer } from '../../src/server/server';
import { openStore } from '../../src/server/store/database';
import type { Ticket } from '../../src/shared/domain/ticket';
import type { StreamServerMessage } from '../../src/shared/sync/protocol';
import { ApiClient, createUser } from '../fixtures/api';
import { startInstance, startInstancePair, type InstancePair } from '../fixtures/server-instance';
import { POSTGRES_URL, STORE_KINDS, type TestStore } from '../fixtures/stores';
import { openStream, type StreamProbe } from '../fixtures/sync';

/**
 * "Who else is viewing" across two server instances on one database: agents whose consoles are
 * connected to different instances see each other on a ticket, live, and see the other leave;
 * nobody is announced to someone who may not see the ticket; an instance that starts later learns
 * who is already viewing; an instance that stops (or stops heartbeating) takes its viewers with it.
 * On PostgreSQL the instances talk through NOTIFY; on PGlite (embedded, one process) through the
 * in-process bus transport.
 */
describe.each(STORE_KINDS)('ticket presence across two server instances (%s)', (kind) => {
  let pair: InstancePair;
  let store1: TestStore;
  let two: RunningServer;
  const dirs: string[] = [];
  const streams: StreamProbe[] = [];
  let admin1: ApiClient;
  let ada: ApiClient; // group A, through instance 1
  let bea: ApiClient; // group A, through instance 2
  let cy: ApiClient; // group B, through instance 2
  let groupA: string;

  const signIn = async (url: string, like: ApiClient): Promise<ApiClient> => {
    const c = new ApiClient(url);
    await c.signIn(like.user!.email, 'user-password-123');
    return c;
  };
  const stream = async (client: ApiClient): Promise<StreamProbe> => {
    const s = await openStream(client);
    streams.push(s);
    return s;
  };
  const sees = (probe: StreamProbe, ticketId: string, names: string[]) =>
    probe.until((m: StreamServerMessage) => m.type === 'presence' && m.ticketId === ticketId && JSON.stringify(m.viewers.map((v) => v.name)) === JSON.stringify(names));
  const raise = async (subject: string): Promise<Ticket> => {
    const res = await admin1.post('/api/tickets', { subject, description: 'Across instances.', groupId: groupA });
    expect(res.status).toBe(201);
    return res.body as Ticket;
  };

  beforeAll(async () => {
    pair = await startInstancePair(kind);
    ({ store1, two, admin1 } = pair);
    const a = await admin1.post('/api/groups', { name: `Desk A ${kind}` });
    const b = await admin1.post('/api/groups', { name: `Desk B ${kind}` });
    groupA = (a.body as { id: string }).id;
    const groupB = (b.body as { id: string }).id;
    ada = await createUser(admin1, 'agent', { groupIds: [groupA], name: 'Ada Agent' });
    const bea1 = await createUser(admin1, 'agent', { groupIds: [groupA], name: 'Bea Agent' });
    const cy1 = await createUser(admin1, 'agent', { groupIds: [groupB], name: 'Cy Agent' });
    bea = await signIn(two.url, bea1);
    cy = await signIn(two.url, cy1);
  }, 180_000);

  afterAll(async () => {
    for (const s of streams) s.close();
    await pair?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('shows agents on different instances to each other, live, and when one leaves', async () => {
    const ticket = await raise('Printer offline on floor 3');
    const a = await stream(ada);
    const b = await stream(bea);
    a.send({ type: 'viewing', ticketId: ticket.id });
    await sees(a, ticket.id, ['Ada Agent']);
    b.send({ type: 'viewing', ticketId: ticket.id });
    await sees(b, ticket.id, ['Ada Agent', 'Bea Agent']);
    await sees(a, ticket.id, ['Ada Agent', 'Bea Agent']);
    a.messages.length = 0;
    b.send({ type: 'viewing', ticketId: null });
    await sees(a, ticket.id, ['Ada Agent']);
    b.send({ type: 'viewing', ticketId: ticket.id });
    await sees(a, ticket.id, ['Ada Agent', 'Bea Agent']);
    a.messages.length = 0;
    b.close();
    await sees(a, ticket.id, ['Ada Agent']);
  });

  it('never announces across instances to, or from, someone who may not see the ticket', async () => {
    const ticket = await raise('Payroll export fails');
    const a = await stream(ada);
    const c = await stream(cy);
    a.send({ type: 'viewing', ticketId: ticket.id });
    await sees(a, ticket.id, ['Ada Agent']);
    c.send({ type: 'viewing', ticketId: ticket.id }); // other group: refused on instance 2
    // A viewer who joins on instance 2 afterwards is announced: Cy's refusal was handled first.
    const b = await stream(bea);
    b.send({ type: 'viewing', ticketId: ticket.id });
    await sees(a, ticket.id, ['Ada Agent', 'Bea Agent']);
    const leaked = [...a.messages, ...b.messages].filter((m) => m.type === 'presence' && m.viewers.some((v) => v.name === 'Cy Agent'));
    expect(leaked).toEqual([]);
    expect(c.messages.filter((m) => m.type === 'presence')).toEqual([]);
  });

  it('a later instance learns who already views; a stopped instance takes its viewers with it', async () => {
    const ticket = await raise('VPN drops every hour');
    const b = await stream(bea);
    b.send({ type: 'viewing', ticketId: ticket.id });
    await sees(b, ticket.id, ['Bea Agent']);
    // A third instance starts after Bea opened the ticket; Ada connects through it.
    const dir = await mkdtemp(join(tmpdir(), 'tandem-pr3-'));
    dirs.push(dir);
    const store3 = kind === 'postgres' ? await openStore({ databaseUrl: POSTGRES_URL, dataDir: 'unused', schema: store1.schema }) : store1;
    const three = await startInstance(store3, dir);
    try {
      const a = await stream(await signIn(three.url, ada));
      a.send({ type: 'viewing', ticketId: ticket.id });
      await sees(a, ticket.id, ['Ada Agent', 'Bea Agent']);
      await sees(b, ticket.id, ['Ada Agent', 'Bea Agent']);
      b.messages.length = 0;
      // Instance 3 shuts down: its viewers leave the others' lists.
      await three.close();
      await sees(b, ticket.id, ['Bea Agent']);
    } finally {
      await three.close();
      if (store3 !== store1) await store3.close();
    }
  });

  it('forgets the viewers of an instance that stopped heartbeating without saying so', async () => {
    const ticket = await raise('Laptop will not dock');
    const a = await stream(ada);
    const b = await stream(bea);
    a.send({ type: 'viewing', ticketId: ticket.id });
    b.send({ type: 'viewing', ticketId: ticket.id });
    await sees(a, ticket.id, ['Ada Agent', 'Bea Agent']);
    a.messages.length = 0;
    // Instance 2 looks dead to instance 1 (its heartbeat row is gone, as after a crash);
    // instance 1's next sweep drops Bea. Last in the file: instance 2 stays unregistered.
    const bus2 = instanceBus(two.ctx);
    await instanceDb(store1.db).deleteFrom('server_instances').where('id', '=', bus2.instanceId).execute();
    await sees(a, ticket.id, ['Ada Agent']);
  }, 30_000);
});
