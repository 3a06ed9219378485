import { expect } from 'vitest';
import { HIDDEN, NO, OK, of, type Row, type Who, type World } from '../fixtures/role-world';

/**
 * The read half of the role × endpoint matrix, written out by hand (not derived from
 * src/shared/permissions.ts, so a wrong permission table fails here). These rows run before any
 * write, so lists can be checked for exactly the fixture world.
 */

/** Which fixture tickets each person sees: end users their own and cc'd, agents their group's and the unrouted T3. */
const SEES: Record<Who, ('T1' | 'T2' | 'T3')[]> = {
  admin: ['T1', 'T2', 'T3'],
  supervisor: ['T1', 'T2', 'T3'],
  agentA: ['T1', 'T3'],
  agentB: ['T2', 'T3'],
  u1: ['T1', 'T3'],
  u2: ['T2', 'T3'],
};
const STAFF: readonly Who[] = ['admin', 'supervisor', 'agentA', 'agentB'];
const isStaff = (who: Who) => STAFF.includes(who);

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
const expectedTickets = (w: World, who: Who) => SEES[who].map((t) => w[t].id).sort();
const noteIds = (w: World) => [w.note.T1, w.note.T2, w.note.T3];
type Change = { field: string };
/** The fields named by the field changes among some events. */
const changedFields = (events: { kind: string; changes: Change[] | null }[]) =>
  [...new Set(events.filter((e) => e.kind === 'field_change').flatMap((e) => (e.changes ?? []).map((c) => c.field)))].sort();

export const READ_ROWS: Row[] = [
  // ---- public and one's own account ----
  { method: 'GET', endpoint: '/api/health', what: 'health', expect: of(OK, OK, OK, OK, OK, OK), call: () => ({ path: '/api/health' }) },
  {
    method: 'GET', endpoint: '/api/setup', what: 'setup status', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/setup' }),
    check: (b) => expect(b).toEqual({ needsSetup: false }),
  },
  {
    method: 'GET', endpoint: '/api/auth/me', what: 'who am I', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/auth/me' }),
    check: (b, w, who) => expect(b.id).toBe(w.id[who]),
  },

  // ---- tickets ----
  {
    method: 'GET', endpoint: '/api/tickets', what: 'list: exactly the tickets in scope', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/tickets?limit=200' }),
    check: (b, w, who) => expect(ids(b.items)).toEqual(expectedTickets(w, who)),
  },
  {
    method: 'GET', endpoint: '/api/tickets', what: 'filtering by requester U2 does not widen scope', expect: of(OK, OK, OK, OK, OK, OK),
    call: (w) => ({ path: `/api/tickets?requesterId=${w.id.u2}` }),
    check: (b, w, who) => expect(ids(b.items)).toEqual(expectedTickets(w, who).filter((t) => t !== w.T1.id)),
  },
  { method: 'GET', endpoint: '/api/tickets/{ref}', what: 'T1 (U1, group A)', expect: of(OK, OK, OK, HIDDEN, OK, HIDDEN), call: (w) => ({ path: `/api/tickets/${w.T1.id}` }), check: (b, w) => expect(b.id).toBe(w.T1.id) },
  { method: 'GET', endpoint: '/api/tickets/{ref}', what: 'T2 (U2, group B)', expect: of(OK, OK, HIDDEN, OK, HIDDEN, OK), call: (w) => ({ path: `/api/tickets/${w.T2.id}` }) },
  { method: 'GET', endpoint: '/api/tickets/{ref}', what: 'T2 by number', expect: of(OK, OK, HIDDEN, OK, HIDDEN, OK), call: (w) => ({ path: `/api/tickets/T-${w.T2.number}` }) },
  { method: 'GET', endpoint: '/api/tickets/{ref}', what: 'T3 (unrouted, U1 in cc)', expect: of(OK, OK, OK, OK, OK, OK), call: (w) => ({ path: `/api/tickets/${w.T3.id}` }) },
  {
    method: 'GET', endpoint: '/api/tickets/{ref}/events', what: 'T1 events: notes for staff only', expect: of(OK, OK, OK, HIDDEN, OK, HIDDEN),
    call: (w) => ({ path: `/api/tickets/${w.T1.id}/events` }),
    check: (b, w, who) => {
      const got: string[] = b.items.map((e: { id: string }) => e.id);
      expect(got).toContain(w.reply.T1);
      expect(got.includes(w.note.T1)).toBe(isStaff(who));
      if (!isStaff(who)) expect(b.items.every((e: { public: boolean }) => e.public)).toBe(true);
      expect(JSON.stringify(b.items).includes('Internal log attached')).toBe(isStaff(who));
      // T1 was moved to pending and re-prioritised in one edit: requesters see only the status part.
      expect(changedFields(b.items)).toEqual(isStaff(who) ? ['priority', 'status'] : ['status']);
    },
  },
  { method: 'GET', endpoint: '/api/tickets/{ref}/events', what: 'T2 events', expect: of(OK, OK, HIDDEN, OK, HIDDEN, OK), call: (w) => ({ path: `/api/tickets/${w.T2.id}/events` }) },
  {
    method: 'GET', endpoint: '/api/tickets/{ref}/events', what: 'T3 events (cc)', expect: of(OK, OK, OK, OK, OK, OK),
    call: (w) => ({ path: `/api/tickets/${w.T3.id}/events` }),
    check: (b, w, who) => expect(b.items.some((e: { id: string }) => e.id === w.note.T3)).toBe(isStaff(who)),
  },

  // ---- users and groups ----
  {
    method: 'GET', endpoint: '/api/users', what: 'directory', expect: of(OK, OK, OK, OK, NO, NO),
    call: () => ({ path: '/api/users?limit=500' }),
    check: (b, w) => expect(ids(b.items)).toEqual(expect.arrayContaining(Object.values(w.id))),
  },
  { method: 'GET', endpoint: '/api/users/{id}', what: 'U1', expect: of(OK, OK, OK, OK, OK, NO), call: (w) => ({ path: `/api/users/${w.id.u1}` }) },
  { method: 'GET', endpoint: '/api/users/{id}', what: 'the admin', expect: of(OK, OK, OK, OK, NO, NO), call: (w) => ({ path: `/api/users/${w.id.admin}` }) },
  {
    method: 'GET', endpoint: '/api/groups', what: 'groups', expect: of(OK, OK, OK, OK, NO, NO),
    call: () => ({ path: '/api/groups' }),
    check: (b, w) => expect(ids(b.items)).toEqual([w.groupA, w.groupB].sort()),
  },

  // ---- custom fields ----
  {
    method: 'GET', endpoint: '/api/custom-fields', what: 'definitions (everyone fills them in)', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/custom-fields' }),
    check: (b, w) => expect(b.items.map((f: { key: string }) => f.key)).toEqual([w.fieldKey]),
  },

  // ---- knowledge base ----
  {
    method: 'GET', endpoint: '/api/kb', what: 'articles: internal ones for staff only', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/kb' }),
    check: (b, w, who) => expect(ids(b.items)).toEqual((isStaff(who) ? [w.kbPublic, w.kbInternal] : [w.kbPublic]).sort()),
  },
  {
    method: 'GET', endpoint: '/api/kb', what: 'asking for internal ones', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/kb?visibility=internal' }),
    check: (b, w, who) => expect(ids(b.items)).toEqual(isStaff(who) ? [w.kbInternal] : []),
  },
  {
    method: 'GET', endpoint: '/api/kb/categories', what: 'categories count only what one sees', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/kb/categories' }),
    check: (b, _w, who) =>
      expect(b.items).toEqual(isStaff(who) ? [{ category: 'Accounts', count: 1 }, { category: 'Runbooks', count: 1 }] : [{ category: 'Accounts', count: 1 }]),
  },
  { method: 'GET', endpoint: '/api/kb/{id}', what: 'public article', expect: of(OK, OK, OK, OK, OK, OK), call: (w) => ({ path: `/api/kb/${w.kbPublic}` }) },
  { method: 'GET', endpoint: '/api/kb/{id}', what: 'internal article', expect: of(OK, OK, OK, OK, HIDDEN, HIDDEN), call: (w) => ({ path: `/api/kb/${w.kbInternal}` }) },

  // ---- attachments ----
  { method: 'GET', endpoint: '/api/attachments/{id}', what: "U1's file on T1's public reply", expect: of(OK, OK, OK, HIDDEN, OK, HIDDEN), call: (w) => ({ path: `/api/attachments/${w.attachment}` }) },
  { method: 'GET', endpoint: '/api/attachments/{id}', what: "agent A's file on T1's internal note", expect: of(OK, OK, OK, HIDDEN, HIDDEN, HIDDEN), call: (w) => ({ path: `/api/attachments/${w.noteAttachment}` }) },
  { method: 'GET', endpoint: '/api/attachments/{id}', what: "U2's unlinked upload", expect: of(HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK), call: (w) => ({ path: `/api/attachments/${w.draftAttachment}` }) },
  {
    method: 'GET', endpoint: '/api/attachments/{id}/content', what: "U1's file on T1", expect: of(OK, OK, OK, HIDDEN, OK, HIDDEN),
    call: (w) => ({ path: `/api/attachments/${w.attachment}/content` }),
    check: (b) => expect(b).toBe('paper jam at tray 2'),
  },
  { method: 'GET', endpoint: '/api/attachments/{id}/content', what: 'file on an internal note', expect: of(OK, OK, OK, HIDDEN, HIDDEN, HIDDEN), call: (w) => ({ path: `/api/attachments/${w.noteAttachment}/content` }) },

  // ---- devices ----
  {
    method: 'GET', endpoint: '/api/devices', what: 'devices: all for staff, own for end users', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/devices' }),
    check: (b, w, who) => expect(ids(b.items)).toEqual(who === 'u2' ? [] : [w.device]),
  },
  {
    method: 'GET', endpoint: '/api/devices', what: "asking for U1's devices by owner", expect: of(OK, OK, OK, OK, OK, OK),
    call: (w) => ({ path: `/api/devices?ownerId=${w.id.u1}` }),
    check: (b, w, who) => expect(ids(b.items)).toEqual(who === 'u2' ? [] : [w.device]),
  },
  { method: 'GET', endpoint: '/api/devices/{id}', what: "U1's device", expect: of(OK, OK, OK, OK, OK, HIDDEN), call: (w) => ({ path: `/api/devices/${w.device}` }) },

  // ---- audit ----
  {
    method: 'GET', endpoint: '/api/audit', what: 'audit log', expect: of(OK, NO, NO, NO, NO, NO),
    call: () => ({ path: '/api/audit' }),
    check: (b) => expect(b.items.length).toBeGreaterThan(0),
  },

  // ---- reports ----
  {
    method: 'GET', endpoint: '/api/reports/overview', what: 'helpdesk report over the fixture world', expect: of(OK, OK, NO, NO, NO, NO),
    call: () => {
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      return { path: `/api/reports/overview?from=${day(Date.now() - 86_400_000)}&to=${day(Date.now())}&tz=UTC` };
    },
    // T1–T3, each answered by the admin, none resolved.
    check: (b) => expect([b.totals.created, b.backlog.total, b.firstResponse.count]).toEqual([3, 3, 3]),
  },

  // ---- replication pulls ----
  {
    method: 'GET', endpoint: '/api/sync/{collection}/pull', what: 'tickets: exactly the tickets in scope', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/tickets/pull?limit=10000' }),
    check: (b, w, who) => expect(ids(b.documents)).toEqual(expectedTickets(w, who)),
  },
  {
    method: 'GET', endpoint: '/api/sync/{collection}/pull', what: 'ticket events: in scope, notes for staff only', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/ticket_events/pull?limit=10000' }),
    check: (b, w, who) => {
      const docs = b.documents as { id: string; ticketId: string; public: boolean }[];
      const tickets = new Set(expectedTickets(w, who));
      expect(docs.every((d) => tickets.has(d.ticketId)), 'every event belongs to a ticket in scope').toBe(true);
      for (const t of SEES[who]) expect(docs.map((d) => d.id)).toContain(w.reply[t]);
      const notes = noteIds(w).filter((n) => docs.some((d) => d.id === n));
      expect(notes).toEqual(isStaff(who) ? SEES[who].map((t) => w.note[t]) : []);
      if (!isStaff(who)) expect(docs.every((d) => d.public)).toBe(true);
      const onT1 = (docs as never as { ticketId: string; kind: string; changes: Change[] | null }[]).filter((d) => d.ticketId === w.T1.id);
      expect(changedFields(onT1)).toEqual(!SEES[who].includes('T1') ? [] : isStaff(who) ? ['priority', 'status'] : ['status']);
    },
  },
  {
    method: 'GET', endpoint: '/api/sync/{collection}/pull', what: 'users: end users see staff and themselves', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/users/pull?limit=10000' }),
    check: (b, w, who) => {
      const got = ids(b.documents);
      const mustNot = who === 'u1' ? w.id.u2 : who === 'u2' ? w.id.u1 : null;
      expect(got).toEqual(expect.arrayContaining(Object.values(w.id).filter((i) => i !== mustNot)));
      if (mustNot) expect(got).not.toContain(mustNot);
      expect(JSON.stringify(b.documents)).not.toMatch(/password|totp/i);
    },
  },
  {
    method: 'GET', endpoint: '/api/sync/{collection}/pull', what: 'groups: staff only', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/groups/pull' }),
    check: (b, w, who) => expect(ids(b.documents)).toEqual(isStaff(who) ? [w.groupA, w.groupB].sort() : []),
  },
  {
    method: 'GET', endpoint: '/api/sync/{collection}/pull', what: 'kb articles: internal for staff only', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/kb_articles/pull' }),
    check: (b, w, who) => expect(ids(b.documents)).toEqual((isStaff(who) ? [w.kbPublic, w.kbInternal] : [w.kbPublic]).sort()),
  },
  {
    method: 'GET', endpoint: '/api/sync/{collection}/pull', what: 'devices: own for end users', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/devices/pull' }),
    check: (b, w, who) => expect(ids(b.documents)).toEqual(who === 'u2' ? [] : [w.device]),
  },
  {
    method: 'GET', endpoint: '/api/sync/{collection}/pull', what: 'reference data (custom fields)', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/reference/pull' }),
    check: (b, w) => expect(ids(b.documents)).toContain(`custom_field:${w.fieldKey}`),
  },

  // ---- first-sync snapshots (NDJSON): the same scope as a pull from the start ----
  {
    method: 'GET', endpoint: '/api/sync/{collection}/snapshot', what: 'tickets: exactly the tickets in scope', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/tickets/snapshot?pageSize=1' }),
    check: (b, w, who) => {
      const { documents, end } = snapshotOf(b);
      expect(ids(documents)).toEqual(expectedTickets(w, who));
      expect(end).toMatchObject({ count: documents.length });
    },
  },
  {
    method: 'GET', endpoint: '/api/sync/{collection}/snapshot', what: 'ticket events: in scope, notes for staff only', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/ticket_events/snapshot' }),
    check: (b, w, who) => {
      const docs = snapshotOf(b).documents as unknown as { id: string; ticketId: string; public: boolean }[];
      const tickets = new Set(expectedTickets(w, who));
      expect(docs.every((d) => tickets.has(d.ticketId)), 'every event belongs to a ticket in scope').toBe(true);
      for (const t of SEES[who]) expect(docs.map((d) => d.id)).toContain(w.reply[t]);
      expect(noteIds(w).filter((n) => docs.some((d) => d.id === n))).toEqual(isStaff(who) ? SEES[who].map((t) => w.note[t]) : []);
    },
  },
  {
    method: 'GET', endpoint: '/api/sync/{collection}/snapshot', what: 'kb articles: internal for staff only', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/sync/kb_articles/snapshot' }),
    check: (b, w, who) => expect(ids(snapshotOf(b).documents)).toEqual((isStaff(who) ? [w.kbPublic, w.kbInternal] : [w.kbPublic]).sort()),
  },
];

/** The documents and last line of an NDJSON snapshot body (the API client leaves it as text). */
function snapshotOf(body: unknown): { documents: { id: string }[]; end: unknown } {
  const lines = String(body).trim().split('\n').map((l) => JSON.parse(l) as { type: string; documents?: { id: string }[] });
  expect(lines[0]?.type).toBe('start');
  expect(lines.at(-1)?.type).toBe('end');
  return { documents: lines.flatMap((l) => l.documents ?? []), end: lines.at(-1) };
}
