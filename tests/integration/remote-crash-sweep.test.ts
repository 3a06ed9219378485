import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEFT_BEHIND_REASON } from '../../src/server/remote/crash-sweep';
import { startServer, type RunningServer } from '../../src/server/server';
import { openStore, type Store } from '../../src/server/store/database';
import { ApiClient, createUser } from '../fixtures/api';
import { enrollTestDevice, type RawDeviceLink } from '../fixtures/device';
import { ADMIN } from '../fixtures/server';
import { ServerProcess, type ServerProcessStore } from '../fixtures/server-process';
import { POSTGRES_URL, STORE_KINDS } from '../fixtures/stores';
import { connectDevice, until } from './remote-session-helpers';

/**
 * Sessions a crashed server instance left open. The instance runs in a process of its own and is
 * killed (SIGKILL) with one session waiting for consent and one active, both on tickets; another
 * instance then starts over the same data. It ends them — at its start when the dead instance's
 * heartbeat is already old, else on a later sweep once it gets old — as `failed` / `ended` by the
 * server, with the reason and the dead instance in the append-only record, and writes the note on
 * each ticket as a normal end does.
 */
describe.each(STORE_KINDS)('remote sessions left open by a crashed server instance on %s', (kind) => {
  const dirs: string[] = [];
  let where: ServerProcessStore;
  let store: Store | null = null;
  let running: RunningServer | null = null;
  const links: RawDeviceLink[] = [];

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-crash-'));
    dirs.push(dataDir);
    where = kind === 'pglite' ? { kind, dataDir } : { kind, dataDir, databaseUrl: POSTGRES_URL, schema: `t_${randomBytes(6).toString('hex')}` };
  });
  afterAll(async () => {
    for (const l of links) l.close();
    await running?.close();
    await store?.close();
    if (where?.kind === 'postgres') {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${where.schema} cascade`).finally(() => client.end());
    }
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }, 60_000);

  /** A server process with a pending and an active session on tickets, killed; answers what it left. */
  async function crashWithSessionsOpen() {
    const doomed = await ServerProcess.start(where, { consentMs: 600_000 });
    const admin = new ApiClient(doomed.url);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const agent = await createUser(admin, 'agent', { name: 'Ada Agent' });
    const requester = await createUser(admin, 'end_user');
    const open = async (grant: boolean) => {
      const enrolled = await enrollTestDevice(admin, grant ? 'Busy PC' : 'Quiet PC');
      const link = await connectDevice(doomed.url, admin, enrolled);
      links.push(link);
      const ticket = (await admin.post('/api/tickets', { subject: grant ? 'Outlook hangs' : 'Printer', description: 'help', requesterId: requester.user!.id })).body;
      const res = await agent.post('/api/remote-sessions', { deviceId: enrolled.id, ticketId: ticket.id, rights: ['shell'] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      if (grant) {
        link.send({ type: 'session_answer', sessionId: res.body.id, granted: ['shell'], refused: false });
        await until(async () => (await agent.get(`/api/remote-sessions/${res.body.id}`)).body.status === 'active', 5000, 'active');
      }
      return { id: res.body.id as string, ticketId: ticket.id as string };
    };
    const pending = await open(false);
    const active = await open(true);
    await doomed.crash();
    return { dead: doomed.instanceId, pending, active, agentEmail: agent.user!.email };
  }

  async function startInstance(sweepMs?: number): Promise<{ server: RunningServer; admin: ApiClient }> {
    store ??= await openStore(where.kind === 'postgres' ? { databaseUrl: where.databaseUrl, dataDir: 'unused', schema: where.schema } : { dataDir: where.dataDir });
    const filesDir = await mkdtemp(join(tmpdir(), 'tandem-crash-files-'));
    dirs.push(filesDir);
    const server = await startServer(
      { port: 0, host: '127.0.0.1', dataDir: filesDir, logLevel: 'silent', maxAttachmentBytes: 1024 * 1024, adminEmail: ADMIN.email, adminPassword: ADMIN.password, ...(sweepMs ? { remoteSweepIntervalMs: sweepMs } : {}) },
      { store, logger: false },
    );
    running = server;
    const admin = new ApiClient(server.url);
    await admin.signIn(ADMIN.email, ADMIN.password);
    return { server, admin };
  }

  /** As if the dead instance's last heartbeat were a minute old (it stopped beating when it died). */
  const heartbeatGone = (instanceId: string) =>
    sql`update server_instances set seen_at = now() - interval '1 minute' where id = ${instanceId}`.execute(store!.db);

  async function expectEndedByTheSweep(admin: ApiClient, left: Awaited<ReturnType<typeof crashWithSessionsOpen>>) {
    for (const [{ id, ticketId }, status, title] of [
      [left.pending, 'failed', '**Remote session could not start**'],
      [left.active, 'ended', '**Remote session ended**'],
    ] as const) {
      const session = (await admin.get(`/api/remote-sessions/${id}`)).body;
      expect(session, id).toMatchObject({ status, endedBy: 'server', reason: LEFT_BEHIND_REASON, consentDeadline: null });
      expect(session.endedAt).not.toBeNull();
      const record = (await admin.get(`/api/remote-sessions/${id}/events`)).body.items as { seq: number; kind: string; source: string; data: Record<string, unknown> }[];
      const last = record.at(-1)!;
      expect(last).toMatchObject({ kind: 'ended', source: 'server', data: { status, reason: LEFT_BEHIND_REASON, endedBy: 'server', leftBy: left.dead } });
      expect(record.map((e) => e.seq)).toEqual(record.map((_, i) => i + 1));
      expect(record[0]).toMatchObject({ kind: 'requested', data: { instanceId: left.dead } });
      await until(async () => ((await admin.get(`/api/tickets/${ticketId}/events`)).body.items as { kind: string }[]).some((e) => e.kind === 'note'), 5000, 'the note on the ticket');
      const notes = ((await admin.get(`/api/tickets/${ticketId}/events`)).body.items as { kind: string; body: string }[]).filter((e) => e.kind === 'note');
      expect(notes).toHaveLength(1);
      expect(notes[0]!.body).toContain(title);
      expect(notes[0]!.body).toContain(`- Reason: ${LEFT_BEHIND_REASON}`);
      expect(notes[0]!.body).toContain(left.agentEmail);
    }
  }

  it('ends them as the next instance starts, when the dead one has stopped heartbeating', async () => {
    const left = await crashWithSessionsOpen();
    store = await openStore(where.kind === 'postgres' ? { databaseUrl: where.databaseUrl, dataDir: 'unused', schema: where.schema } : { dataDir: where.dataDir });
    await heartbeatGone(left.dead);
    // No periodic sweep within the test: only the one at start can have ended them.
    const { admin } = await startInstance(3_600_000);
    await expectEndedByTheSweep(admin, left);
  }, 150_000);

  it('ends them on a later sweep while running, once the dead instance stops counting as alive', async () => {
    // The store is free for a process of its own again (PGlite: one process at a time).
    await running?.close();
    running = null;
    await store?.close();
    store = null;
    const left = await crashWithSessionsOpen();
    // As if it died just now (opening the store can take a while on a loaded machine).
    store = await openStore(where.kind === 'postgres' ? { databaseUrl: where.databaseUrl, dataDir: 'unused', schema: where.schema } : { dataDir: where.dataDir });
    await sql`update server_instances set seen_at = now() where id = ${left.dead}`.execute(store.db);
    const { admin } = await startInstance(200);
    // Its heartbeat is still recent: for all anyone knows it is alive and runs them.
    await new Promise((r) => setTimeout(r, 1000));
    const diagnosis = async () => JSON.stringify({ instances: (await sql`select id, seen_at, now() as now from server_instances`.execute(store!.db)).rows, left, session: (await admin.get(`/api/remote-sessions/${left.pending.id}`)).body, events: (await admin.get(`/api/remote-sessions/${left.pending.id}/events`)).body });
    expect((await admin.get(`/api/remote-sessions/${left.pending.id}`)).body.status, await diagnosis()).toBe('pending');
    expect((await admin.get(`/api/remote-sessions/${left.active.id}`)).body.status).toBe('active');
    await heartbeatGone(left.dead);
    await until(async () => (await admin.get(`/api/remote-sessions/${left.active.id}`)).body.status === 'ended', 5000, 'ended by a sweep');
    await until(async () => (await admin.get(`/api/remote-sessions/${left.pending.id}`)).body.status === 'failed', 5000, 'failed by a sweep');
    await expectEndedByTheSweep(admin, left);
  }, 150_000);
});
