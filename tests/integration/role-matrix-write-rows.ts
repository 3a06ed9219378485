import { expect } from 'vitest';
import { totpCode } from '../../src/server/auth/totp';
import { HIDDEN, NO, OK, of, textFile, unique, type Row, type World } from '../fixtures/role-world';

/**
 * The write half of the role × endpoint matrix, written out by hand. A write that may succeed
 * targets something made for that one call (a ticket, user, group, field, article or device), or a
 * harmless field of the fixture world (tags, a label), so later rows still find the world intact.
 */

const ticketDoc = async (w: World, id: string) => ({ ...(await w.ts.admin.get(`/api/tickets/${id}`)).body, _deleted: false });
const eventDoc = (ticketId: string, kind: 'reply' | 'note', body: string) => ({
  id: crypto.randomUUID(), _deleted: false, ticketId, kind, public: kind === 'reply', authorId: null, body, changes: null, attachmentIds: [],
  createdAt: '2020-01-01T00:00:00.000Z',
});
/** A throwaway unrouted ticket of this requester, resolved by the admin. */
const resolvedTicket = async (w: World, requesterId: string) => {
  const id = await w.ticket({ requesterId });
  expect((await w.ts.admin.patch(`/api/tickets/${id}`, { status: 'resolved' })).status).toBe(200);
  return id;
};
const presetDoc = (kind: 'view' | 'macro', data: object) => {
  const id = crypto.randomUUID();
  return { id: `${kind}:${id}`, _deleted: false, kind, key: id, data, updatedAt: '2020-01-01T00:00:00.000Z' };
};
const newUser = async (w: World) =>
  (await w.ts.admin.post('/api/users', { email: `${unique('target').toLowerCase()}@tandem.test`, name: 'Row target', role: 'end_user' })).body.user.id as string;
const newGroup = async (w: World) => (await w.ts.admin.post('/api/groups', { name: unique('Row group') })).body.id as string;

export const WRITE_ROWS: Row[] = [
  // ---- tickets ----
  {
    method: 'POST', endpoint: '/api/tickets', what: 'raise one for oneself', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/tickets', body: { subject: unique('Mouse broken'), description: 'left button' } }),
    check: (b, w, who) => expect(b.requesterId).toBe(w.id[who]),
  },
  { method: 'POST', endpoint: '/api/tickets', what: 'raise one routed to group B', expect: of(OK, OK, OK, OK, NO, NO), call: (w) => ({ path: '/api/tickets', body: { subject: unique('Routed'), description: '', groupId: w.groupB } }) },
  { method: 'POST', endpoint: '/api/tickets', what: 'raise one for U2', expect: of(OK, OK, OK, OK, NO, OK), call: (w) => ({ path: '/api/tickets', body: { subject: unique('For U2'), description: '', requesterId: w.id.u2 } }) },
  {
    // Another person's device is as unknown to an end user as one that does not exist.
    method: 'POST', endpoint: '/api/tickets', what: "raise one about U1's device", expect: of(OK, OK, OK, OK, OK, 400),
    call: (w) => ({ path: '/api/tickets', body: { subject: unique('Laptop slow'), description: '', deviceId: w.device } }),
  },
  {
    method: 'PATCH', endpoint: '/api/tickets/{ref}', what: 'tag T1', expect: of(OK, OK, OK, HIDDEN, NO, HIDDEN),
    call: (w, who) => ({ path: `/api/tickets/${w.T1.id}`, body: { tags: [`by-${who.toLowerCase()}`] } }),
    unchanged: async (w, who) => expect((await w.ts.admin.get(`/api/tickets/${w.T1.id}`)).body.tags).not.toContain(`by-${who.toLowerCase()}`),
  },
  { method: 'PATCH', endpoint: '/api/tickets/{ref}', what: 'tag T2', expect: of(OK, OK, HIDDEN, OK, HIDDEN, NO), call: (w, who) => ({ path: `/api/tickets/${w.T2.id}`, body: { tags: [`by-${who.toLowerCase()}`] } }) },
  {
    // A ticket one cannot see is as unknown as one that does not exist, also as a link target.
    method: 'PATCH', endpoint: '/api/tickets/{ref}', what: 'link a group-A ticket to T2', expect: of(OK, OK, 400, HIDDEN, NO, HIDDEN),
    call: async (w) => ({ path: `/api/tickets/${await w.ticket({ requesterId: w.id.u1, groupId: w.groupA })}`, body: { linkedIds: [w.T2.id] } }),
  },
  {
    method: 'PATCH', endpoint: '/api/tickets/{ref}', what: 'make T2 the parent of a group-A ticket', expect: of(OK, OK, 400, HIDDEN, NO, HIDDEN),
    call: async (w) => ({ path: `/api/tickets/${await w.ticket({ requesterId: w.id.u1, groupId: w.groupA })}`, body: { parentId: w.T2.id } }),
  },
  {
    method: 'PATCH', endpoint: '/api/tickets/{ref}', what: 'resolve an unrouted ticket of U2 with U1 in cc', expect: of(OK, OK, OK, OK, NO, OK),
    call: async (w) => ({ path: `/api/tickets/${await w.ticket({ requesterId: w.id.u2, cc: [w.id.u1] })}`, body: { status: 'resolved' } }),
    check: (b) => expect(b.status).toBe('resolved'),
  },
  {
    method: 'PATCH', endpoint: '/api/tickets/{ref}', what: "add U2 to the cc of a ticket of U1's", expect: of(OK, OK, OK, OK, OK, HIDDEN),
    call: async (w) => ({ path: `/api/tickets/${await w.ticket({ requesterId: w.id.u1 })}`, body: { cc: [w.id.u2] } }),
  },
  {
    method: 'PATCH', endpoint: '/api/tickets/{ref}', what: "move a group-A ticket of U1's to group B", expect: of(OK, OK, OK, HIDDEN, NO, HIDDEN),
    call: async (w) => ({ path: `/api/tickets/${await w.ticket({ requesterId: w.id.u1, groupId: w.groupA })}`, body: { groupId: w.groupB } }),
  },
  {
    method: 'DELETE', endpoint: '/api/tickets/{ref}', what: "a group-A ticket of U1's", expect: of(OK, OK, NO, NO, NO, NO),
    call: async (w) => ({ path: `/api/tickets/${await w.ticket({ requesterId: w.id.u1, groupId: w.groupA })}` }),
  },
  {
    method: 'POST', endpoint: '/api/tickets/{ref}/events', what: 'reply on T1', expect: of(OK, OK, OK, HIDDEN, OK, HIDDEN),
    call: (w) => ({ path: `/api/tickets/${w.T1.id}/events`, body: { kind: 'reply', body: 'a reply' } }),
    check: (b) => expect(b.public).toBe(true),
  },
  {
    method: 'POST', endpoint: '/api/tickets/{ref}/events', what: 'note on T1', expect: of(OK, OK, OK, HIDDEN, NO, NO),
    call: (w, who) => ({ path: `/api/tickets/${w.T1.id}/events`, body: { kind: 'note', body: `note by ${who}` } }),
    check: (b) => expect(b.public).toBe(false),
    unchanged: async (w, who) =>
      expect((await w.ts.admin.get(`/api/tickets/${w.T1.id}/events`)).body.items.some((e: { body: string }) => e.body === `note by ${who}`)).toBe(false),
  },
  { method: 'POST', endpoint: '/api/tickets/{ref}/events', what: 'reply on T2', expect: of(OK, OK, HIDDEN, OK, HIDDEN, OK), call: (w) => ({ path: `/api/tickets/${w.T2.id}/events`, body: { kind: 'reply', body: 'a reply' } }) },
  { method: 'POST', endpoint: '/api/tickets/{ref}/events', what: 'reply on T3 (U1 in cc)', expect: of(OK, OK, OK, OK, OK, OK), call: (w) => ({ path: `/api/tickets/${w.T3.id}/events`, body: { kind: 'reply', body: 'a reply' } }) },
  {
    // Only the requester rates; an agent who can see the ticket is refused, not misled.
    method: 'POST', endpoint: '/api/tickets/{ref}/rating', what: "rate a resolved unrouted ticket of U1's", expect: of(NO, NO, NO, NO, OK, HIDDEN),
    call: async (w) => ({ path: `/api/tickets/${await resolvedTicket(w, w.id.u1)}/rating`, body: { score: 4, comment: 'thanks' } }),
    check: (b, w) => expect(b).toMatchObject({ kind: 'rating', score: 4, authorId: w.id.u1 }),
  },
  {
    method: 'POST', endpoint: '/api/tickets/{ref}/rating', what: 'rate a resolved ticket of one\'s own', expect: of(OK, OK, OK, OK, OK, OK),
    call: async (w, who) => ({ path: `/api/tickets/${await resolvedTicket(w, w.id[who])}/rating`, body: { score: 5 } }),
  },
  {
    // T3 is not resolved: its requester U2 is told why (409); everyone else is not its requester.
    method: 'POST', endpoint: '/api/tickets/{ref}/rating', what: 'rate T3 (U1 in cc, not resolved)', expect: of(NO, NO, NO, NO, NO, 409),
    call: (w) => ({ path: `/api/tickets/${w.T3.id}/rating`, body: { score: 3 } }),
  },

  // ---- users: management is the admin's alone ----
  {
    method: 'POST', endpoint: '/api/users', what: 'create an admin', expect: of(OK, NO, NO, NO, NO, NO),
    call: (_w, who) => ({ path: '/api/users', body: { email: `made-by-${who.toLowerCase()}-${unique('u').toLowerCase()}@tandem.test`, name: 'New admin', role: 'admin' } }),
  },
  { method: 'PATCH', endpoint: '/api/users/{id}', what: 'rename a user', expect: of(OK, NO, NO, NO, NO, NO), call: async (w) => ({ path: `/api/users/${await newUser(w)}`, body: { name: 'Renamed' } }) },
  {
    method: 'PATCH', endpoint: '/api/users/{id}', what: 'make oneself an admin', expect: of(OK, NO, NO, NO, NO, NO),
    call: (w, who) => ({ path: `/api/users/${w.id[who]}`, body: { role: 'admin' } }),
    unchanged: async (w, who) => expect((await w.ts.admin.get(`/api/users/${w.id[who]}`)).body.role).not.toBe('admin'),
  },
  {
    method: 'PATCH', endpoint: '/api/users/{id}', what: 'join group B', expect: of(OK, NO, NO, NO, NO, NO),
    call: async (w) => ({ path: `/api/users/${(await w.twin('agentA')).user!.id}`, body: { groupIds: [w.groupB] } }),
  },
  { method: 'POST', endpoint: '/api/users/{id}/unlock', what: 'unlock a user', expect: of(OK, NO, NO, NO, NO, NO), call: async (w) => ({ path: `/api/users/${await newUser(w)}/unlock` }) },
  { method: 'POST', endpoint: '/api/users/{id}/invitation', what: 'invite a user', expect: of(OK, NO, NO, NO, NO, NO), call: async (w) => ({ path: `/api/users/${await newUser(w)}/invitation` }) },
  { method: 'POST', endpoint: '/api/users/{id}/sign-out', what: 'sign a user out', expect: of(OK, NO, NO, NO, NO, NO), call: async (w) => ({ path: `/api/users/${(await w.twin('u1')).user!.id}/sign-out` }) },

  // ---- groups ----
  { method: 'POST', endpoint: '/api/groups', what: 'create a group', expect: of(OK, NO, NO, NO, NO, NO), call: () => ({ path: '/api/groups', body: { name: unique('Group') } }) },
  { method: 'PATCH', endpoint: '/api/groups/{id}', what: 'rename a group', expect: of(OK, NO, NO, NO, NO, NO), call: async (w) => ({ path: `/api/groups/${await newGroup(w)}`, body: { name: unique('Renamed') } }) },
  {
    method: 'DELETE', endpoint: '/api/groups/{id}', what: 'delete a group', expect: of(OK, NO, NO, NO, NO, NO),
    call: async (w) => ({ path: `/api/groups/${await newGroup(w)}` }),
  },

  // ---- custom fields ----
  { method: 'POST', endpoint: '/api/custom-fields', what: 'add a field', expect: of(OK, NO, NO, NO, NO, NO), call: () => ({ path: '/api/custom-fields', body: { key: unique('f').replace(/-/g, '_'), label: 'Field', type: 'text' } }) },
  { method: 'PATCH', endpoint: '/api/custom-fields/{key}', what: 'relabel the asset tag', expect: of(OK, NO, NO, NO, NO, NO), call: (w, who) => ({ path: `/api/custom-fields/${w.fieldKey}`, body: { label: `Asset tag (${who})` } }),
    unchanged: async (w, who) =>
      expect((await w.ts.admin.get('/api/custom-fields')).body.items.map((f: { label: string }) => f.label)).not.toContain(`Asset tag (${who})`),
  },
  {
    method: 'DELETE', endpoint: '/api/custom-fields/{key}', what: 'remove a field', expect: of(OK, NO, NO, NO, NO, NO),
    call: async (w) => {
      const key = unique('gone').replace(/-/g, '_');
      await w.ts.admin.post('/api/custom-fields', { key, label: 'Doomed', type: 'text' });
      return { path: `/api/custom-fields/${key}` };
    },
  },

  // ---- knowledge base ----
  { method: 'POST', endpoint: '/api/kb', what: 'write an article', expect: of(OK, OK, OK, OK, NO, NO), call: () => ({ path: '/api/kb', body: { title: unique('How to'), visibility: 'public' } }) },
  { method: 'PATCH', endpoint: '/api/kb/{id}', what: 'tag the internal article', expect: of(OK, OK, OK, OK, NO, NO), call: (w, who) => ({ path: `/api/kb/${w.kbInternal}`, body: { tags: [`by-${who.toLowerCase()}`] } }),
    unchanged: async (w, who) => expect((await w.ts.admin.get(`/api/kb/${w.kbInternal}`)).body.tags).not.toContain(`by-${who.toLowerCase()}`),
  },
  {
    method: 'PATCH', endpoint: '/api/kb/{id}', what: 'make the internal article public', expect: of(OK, OK, OK, OK, NO, NO),
    call: async (w) => ({ path: `/api/kb/${(await w.ts.admin.post('/api/kb', { title: unique('Secret'), visibility: 'internal' })).body.id}`, body: { visibility: 'public' } }),
  },
  {
    method: 'DELETE', endpoint: '/api/kb/{id}', what: 'delete an article', expect: of(OK, OK, NO, NO, NO, NO),
    call: async (w) => ({ path: `/api/kb/${(await w.ts.admin.post('/api/kb', { title: unique('Old'), visibility: 'public' })).body.id}` }),
  },

  // ---- attachments and devices ----
  {
    method: 'POST', endpoint: '/api/attachments', what: 'upload a file', expect: of(OK, OK, OK, OK, OK, OK),
    call: () => ({ path: '/api/attachments', form: textFile('hello', 'note.txt') }),
    check: (b, w, who) => expect(b).toMatchObject({ uploaderId: w.id[who], ticketId: null }),
  },
  {
    method: 'PATCH', endpoint: '/api/devices/{id}', what: "rename U1's device", expect: of(OK, NO, NO, NO, NO, NO),
    call: async (w) => ({ path: `/api/devices/${await w.insertDevice(w.id.u1)}`, body: { name: 'Renamed laptop' } }),
  },
  {
    method: 'PATCH', endpoint: '/api/devices/{id}', what: 'take over a device', expect: of(OK, NO, NO, NO, NO, NO),
    call: async (w, who) => ({ path: `/api/devices/${await w.insertDevice(w.id.u1)}`, body: { ownerId: w.id[who] } }),
  },
  { method: 'POST', endpoint: '/api/devices/{id}/revoke', what: "revoke U1's device", expect: of(OK, NO, NO, NO, NO, NO), call: async (w) => ({ path: `/api/devices/${await w.insertDevice(w.id.u1)}/revoke` }) },

  // ---- replication pushes: refusals come back inside a 200, read from `rejections` ----
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'tickets: tag T1', expect: of(OK, OK, OK, HIDDEN, NO, HIDDEN),
    call: async (w, who) => {
      const base = await ticketDoc(w, w.T1.id);
      return { path: '/api/sync/tickets/push', body: { rows: [{ assumedMasterState: base, newDocumentState: { ...base, tags: [...base.tags, `push-${who.toLowerCase()}`] } }] } };
    },
    unchanged: async (w, who) => expect((await w.ts.admin.get(`/api/tickets/${w.T1.id}`)).body.tags).not.toContain(`push-${who.toLowerCase()}`),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'tickets: delete a group-A ticket', expect: of(OK, OK, NO, HIDDEN, NO, HIDDEN),
    call: async (w) => {
      const base = await ticketDoc(w, await w.ticket({ requesterId: w.id.u1, groupId: w.groupA }));
      return { path: '/api/sync/tickets/push', body: { rows: [{ assumedMasterState: base, newDocumentState: { ...base, _deleted: true } }] } };
    },
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'tickets: raise one routed to group B', expect: of(OK, OK, OK, OK, NO, NO),
    call: async (w, who) => {
      const doc = { ...(await ticketDoc(w, w.T3.id)), id: crypto.randomUUID(), subject: unique('Pushed'), requesterId: w.id[who], cc: [], groupId: w.groupB };
      return { path: '/api/sync/tickets/push', body: { rows: [{ assumedMasterState: null, newDocumentState: doc }] } };
    },
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: "tickets: raise one about U1's device", expect: of(OK, OK, OK, OK, OK, 400),
    call: async (w, who) => {
      const doc = { ...(await ticketDoc(w, w.T3.id)), id: crypto.randomUUID(), subject: unique('Pushed'), requesterId: w.id[who], cc: [], groupId: null, deviceId: w.device };
      return { path: '/api/sync/tickets/push', body: { rows: [{ assumedMasterState: null, newDocumentState: doc }] } };
    },
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'tickets: resolve an unrouted ticket of U2 with U1 in cc', expect: of(OK, OK, OK, OK, NO, OK),
    call: async (w) => {
      const base = await ticketDoc(w, await w.ticket({ requesterId: w.id.u2, cc: [w.id.u1] }));
      return { path: '/api/sync/tickets/push', body: { rows: [{ assumedMasterState: base, newDocumentState: { ...base, status: 'resolved' } }] } };
    },
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'ticket events: note on T1', expect: of(OK, OK, OK, HIDDEN, NO, NO),
    call: (w) => ({ path: '/api/sync/ticket_events/push', body: { rows: [{ newDocumentState: eventDoc(w.T1.id, 'note', 'pushed note') }] } }),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'ticket events: reply on T2', expect: of(OK, OK, HIDDEN, OK, HIDDEN, OK),
    call: (w) => ({ path: '/api/sync/ticket_events/push', body: { rows: [{ newDocumentState: eventDoc(w.T2.id, 'reply', 'pushed reply') }] } }),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: "ticket events: rate a resolved unrouted ticket of U1's", expect: of(NO, NO, NO, NO, OK, HIDDEN),
    call: async (w) => ({ path: '/api/sync/ticket_events/push', body: { rows: [{ newDocumentState: { ...eventDoc(await resolvedTicket(w, w.id.u1), 'reply', 'pushed rating'), kind: 'rating', score: 5 } }] } }),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'kb articles: write one', expect: of(OK, OK, OK, OK, NO, NO),
    call: () => ({ path: '/api/sync/kb_articles/push', body: { rows: [{ newDocumentState: { id: crypto.randomUUID(), _deleted: false, title: unique('Offline draft'), body: '', visibility: 'public', category: null, tags: [] } }] } }),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'kb articles: tag the public one', expect: of(OK, OK, OK, OK, NO, NO),
    call: async (w, who) => {
      const base = { ...(await w.ts.admin.get(`/api/kb/${w.kbPublic}`)).body, _deleted: false };
      return { path: '/api/sync/kb_articles/push', body: { rows: [{ assumedMasterState: base, newDocumentState: { ...base, tags: [...base.tags, `push-${who.toLowerCase()}`] } }] } };
    },
    unchanged: async (w, who) => expect((await w.ts.admin.get(`/api/kb/${w.kbPublic}`)).body.tags).not.toContain(`push-${who.toLowerCase()}`),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'reference: save a personal view', expect: of(OK, OK, OK, OK, NO, NO),
    call: () => ({ path: '/api/sync/reference/push', body: { rows: [{ newDocumentState: presetDoc('view', { name: unique('Mine'), shared: false, filter: { status: 'open' }, sort: { column: 'updated', direction: 'desc' }, columns: ['number', 'subject'] }) }] } }),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'reference: share a view', expect: of(OK, OK, NO, NO, NO, NO),
    call: () => ({ path: '/api/sync/reference/push', body: { rows: [{ newDocumentState: presetDoc('view', { name: unique('Team'), shared: true, filter: {}, sort: { column: 'number', direction: 'asc' }, columns: ['number'] }) }] } }),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'reference: share a macro', expect: of(OK, NO, NO, NO, NO, NO),
    call: () => ({ path: '/api/sync/reference/push', body: { rows: [{ newDocumentState: presetDoc('macro', { name: unique('Canned'), shared: true, body: 'Hi {{requester.name}}', messageKind: 'reply', actions: {} }) }] } }),
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'kb articles: publish the internal one', expect: of(OK, OK, OK, OK, HIDDEN, HIDDEN),
    call: async (w) => {
      const base = { ...(await w.ts.admin.post('/api/kb', { title: unique('Secret'), visibility: 'internal' })).body, _deleted: false };
      return { path: '/api/sync/kb_articles/push', body: { rows: [{ assumedMasterState: base, newDocumentState: { ...base, visibility: 'public' } }] } };
    },
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'kb articles: delete a public one', expect: of(OK, OK, NO, NO, NO, NO),
    call: async (w) => {
      const base = { ...(await w.ts.admin.post('/api/kb', { title: unique('Old'), visibility: 'public' })).body, _deleted: false };
      return { path: '/api/sync/kb_articles/push', body: { rows: [{ assumedMasterState: base, newDocumentState: { ...base, _deleted: true } }] } };
    },
  },
  {
    method: 'POST', endpoint: '/api/sync/{collection}/push', what: 'groups are read-only replicas', expect: of(NO, NO, NO, NO, NO, NO),
    call: (w) => ({ path: '/api/sync/groups/push', body: { rows: [{ newDocumentState: { id: w.groupA, _deleted: false, name: 'Hijacked' } }] } }),
    unchanged: async (w) => expect((await w.ts.admin.get('/api/groups')).body.items.map((g: { name: string }) => g.name)).not.toContain('Hijacked'),
  },

  // ---- one's own account, on a twin or a second session so the person stays signed in ----
  { method: 'POST', endpoint: '/api/auth/login', what: 'sign in', expect: of(OK, OK, OK, OK, OK, OK), call: (w, who) => ({ path: '/api/auth/login', body: { email: w.email[who], password: w.password[who] }, as: w.ts.anon }) },
  {
    method: 'POST', endpoint: '/api/auth/refresh', what: 'refresh a session', expect: of(OK, OK, OK, OK, OK, OK),
    call: async (w, who) => {
      const s = await w.session(who);
      return { path: '/api/auth/refresh', body: { refreshToken: s.refreshToken }, as: s };
    },
  },
  {
    method: 'POST', endpoint: '/api/auth/accept-invite', what: 'accept an invitation', expect: of(OK, OK, OK, OK, OK, OK),
    call: async (w) => {
      const res = await w.ts.admin.post('/api/users', { email: `${unique('invitee').toLowerCase()}@tandem.test`, name: 'Invitee', role: 'end_user' });
      const token = new URL(res.body.invitationUrl).searchParams.get('token');
      return { path: '/api/auth/accept-invite', body: { token, password: 'invitee-password-123' } };
    },
  },
  { method: 'POST', endpoint: '/api/setup', what: 'set up again (already done)', expect: of(409, 409, 409, 409, 409, 409), call: () => ({ path: '/api/setup', body: { token: 'x'.repeat(40), email: 'second@tandem.test', name: 'Second', password: 'second-password-123' } }) },
  { method: 'POST', endpoint: '/api/auth/logout', what: 'sign out this session', expect: of(OK, OK, OK, OK, OK, OK), call: async (w, who) => ({ path: '/api/auth/logout', as: await w.session(who) }) },
  { method: 'POST', endpoint: '/api/auth/logout-all', what: 'sign out everywhere', expect: of(OK, OK, OK, OK, OK, OK), call: async (w, who) => ({ path: '/api/auth/logout-all', as: await w.twin(who) }) },
  {
    method: 'POST', endpoint: '/api/auth/password', what: 'change own password', expect: of(OK, OK, OK, OK, OK, OK),
    call: async (w, who) => {
      const t = await w.twin(who);
      return { path: '/api/auth/password', body: { currentPassword: t.password, newPassword: 'another-password-456' }, as: t };
    },
  },
  { method: 'POST', endpoint: '/api/auth/totp/enroll', what: 'start two-factor', expect: of(OK, OK, OK, OK, OK, OK), call: async (w, who) => ({ path: '/api/auth/totp/enroll', as: await w.twin(who) }) },
  {
    method: 'POST', endpoint: '/api/auth/totp/verify', what: 'confirm two-factor', expect: of(OK, OK, OK, OK, OK, OK),
    call: async (w, who) => {
      const t = await w.twin(who);
      const { secret } = (await t.post('/api/auth/totp/enroll')).body;
      return { path: '/api/auth/totp/verify', body: { code: totpCode(secret, new Date()) }, as: t };
    },
  },
  {
    method: 'POST', endpoint: '/api/auth/totp/disable', what: 'turn two-factor off', expect: of(OK, OK, OK, OK, OK, OK),
    call: async (w, who) => {
      const t = await w.twin(who);
      return { path: '/api/auth/totp/disable', body: { password: t.password }, as: t };
    },
  },
];
