import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { HIDDEN, NO, OK, of, type Row, type World } from '../fixtures/role-world';

/**
 * Remote sessions and group remote policies in the role × endpoint matrix, written out by hand.
 * End users never start or read sessions. Staff read a session when they started it, it has no
 * ticket, or they see its ticket; only the agent who started one, or an admin, ends it. Policies
 * are read by staff and set by admins. Sessions are put straight into the store (the world's
 * device is never connected, so asking for one answers 409 to everyone allowed to ask).
 */

interface Seeded {
  /** On T1 (group A), started by agent A. */
  onT1: string;
  /** On T2 (group B), started by the admin. */
  onT2: string;
  /** No ticket, started by the admin. */
  bare: string;
  /** No ticket, started by agent A, pending: for the end row. */
  toEnd: string;
}
const seeded = new WeakMap<World, Promise<Seeded>>();
const resolved = new WeakMap<World, Seeded>();

function sessions(w: World): Promise<Seeded> {
  let s = seeded.get(w);
  if (!s) {
    s = (async () => {
      const insert = async (agentId: string, ticketId: string | null, status: string, at: string) => {
        const id = randomUUID();
        await sql`insert into remote_sessions (id, device_id, ticket_id, agent_id, requested, status, requested_at)
          values (${id}, ${w.device}, ${ticketId}, ${agentId}, ${sql.raw(`'{chat}'::text[]`)}, ${status}, ${at})`.execute(w.ts.store.db);
        await sql`insert into remote_session_events (id, session_id, seq, kind, source, data, at)
          values (${randomUUID()}, ${id}, 1, 'requested', 'agent', '{}', ${at})`.execute(w.ts.store.db);
        return id;
      };
      const made: Seeded = {
        onT1: await insert(w.id.agentA, w.T1.id, 'ended', '2026-01-01T10:00:00.000Z'),
        onT2: await insert(w.id.admin, w.T2.id, 'ended', '2026-01-01T10:01:00.000Z'),
        bare: await insert(w.id.admin, null, 'ended', '2026-01-01T10:02:00.000Z'),
        toEnd: await insert(w.id.agentA, null, 'pending', '2026-01-01T10:03:00.000Z'),
      };
      resolved.set(w, made);
      return made;
    })();
    seeded.set(w, s);
  }
  return s;
}

const ids = (b: { items: { id: string }[] }) => b.items.map((i) => i.id);

export const REMOTE_ROWS: Row[] = [
  {
    method: 'GET', endpoint: '/api/remote-sessions', what: "list U1's device's sessions (agents: theirs, no-ticket ones, their tickets')", expect: of(OK, OK, OK, OK, NO, NO),
    call: async (w) => {
      await sessions(w);
      return { path: `/api/remote-sessions?deviceId=${w.device}` };
    },
    check: (b, w, who) => {
      const s = resolved.get(w)!;
      const newestFirst: Partial<Record<string, string[]>> = {
        admin: [s.toEnd, s.bare, s.onT2, s.onT1],
        supervisor: [s.toEnd, s.bare, s.onT2, s.onT1],
        agentA: [s.toEnd, s.bare, s.onT1],
        agentB: [s.toEnd, s.bare, s.onT2],
      };
      expect(ids(b)).toEqual(newestFirst[who]);
    },
  },
  {
    method: 'GET', endpoint: '/api/remote-sessions/{id}', what: "read the admin's session on T2 (group B)", expect: of(OK, OK, HIDDEN, OK, NO, NO),
    call: async (w) => ({ path: `/api/remote-sessions/${(await sessions(w)).onT2}` }),
    check: (b, w) => expect(b).toMatchObject({ ticketId: w.T2.id, agentId: w.id.admin, status: 'ended' }),
  },
  {
    method: 'GET', endpoint: '/api/remote-sessions/{id}/events', what: "read the record of agent A's session on T1 (group A)", expect: of(OK, OK, OK, HIDDEN, NO, NO),
    call: async (w) => ({ path: `/api/remote-sessions/${(await sessions(w)).onT1}/events` }),
    check: (b) => expect(b.items.map((e: { kind: string }) => e.kind)).toEqual(['requested']),
  },
  {
    // Staff pass the role and policy checks and learn the device is not connected (409).
    method: 'POST', endpoint: '/api/remote-sessions', what: "ask for a session on U1's (offline) device", expect: of(409, 409, 409, 409, NO, NO),
    call: (w) => ({ path: '/api/remote-sessions', body: { deviceId: w.device, rights: ['view', 'chat'] } }),
  },
  {
    // Agent B sees a session with no ticket but did not start it; the supervisor likewise.
    method: 'POST', endpoint: '/api/remote-sessions/{id}/end', what: "end agent A's session (no ticket)", expect: of(OK, NO, OK, NO, NO, NO),
    call: async (w) => ({ path: `/api/remote-sessions/${(await sessions(w)).toEnd}/end`, body: {} }),
    check: (b) => expect(b).toMatchObject({ status: 'ended', endedBy: 'agent' }),
  },
  {
    method: 'GET', endpoint: '/api/groups/{id}/remote-policy', what: "read group A's remote policy", expect: of(OK, OK, OK, OK, NO, NO),
    call: (w) => ({ path: `/api/groups/${w.groupA}/remote-policy` }),
    check: (b) => expect(b.allowedRights.length).toBeGreaterThan(0),
  },
  {
    method: 'PUT', endpoint: '/api/groups/{id}/remote-policy', what: "set group A's remote policy", expect: of(OK, NO, NO, NO, NO, NO),
    call: (w) => ({ path: `/api/groups/${w.groupA}/remote-policy`, body: { allowedRights: ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'], unattended: false } }),
    check: (b) => expect(b).toEqual({ allowedRights: ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'], unattended: false }),
  },
];
