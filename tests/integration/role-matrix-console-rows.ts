import { expect } from 'vitest';
import { HIDDEN, NO, OK, of, unique, type Row, type World } from '../fixtures/role-world';

/**
 * Role × endpoint rows for the console's ticket and knowledge-base tools: merge, split and article
 * versions. Each write works on tickets made for that one call, so the world stays intact.
 */

/** A throwaway group-A ticket of U1's with one public reply; answers the ticket and reply ids. */
const groupATicketWithReply = async (w: World) => {
  const id = await w.ticket({ requesterId: w.id.u1, groupId: w.groupA });
  const reply = await w.ts.admin.post<{ id: string }>(`/api/tickets/${id}/events`, { kind: 'reply', body: unique('Printer says PC LOAD LETTER') });
  expect(reply.status).toBe(201);
  return { id, reply: reply.body.id };
};

export const CONSOLE_ROWS: Row[] = [
  {
    // Agent B cannot see group A's tickets: as unknown as a ticket that does not exist.
    method: 'POST', endpoint: '/api/tickets/{ref}/merge', what: 'merge one group-A ticket into another', expect: of(OK, OK, OK, HIDDEN, NO, NO),
    call: async (w) => {
      const target = await w.ticket({ requesterId: w.id.u1, groupId: w.groupA });
      const source = await groupATicketWithReply(w);
      return { path: `/api/tickets/${source.id}/merge`, body: { targetId: target } };
    },
    check: (b) => {
      expect(b.source.status).toBe('closed');
      // The reply and the status change it made (new → open).
      expect(b.movedEvents).toBe(2);
      expect(b.target.linkedIds).toContain(b.source.id);
    },
  },
  {
    method: 'POST', endpoint: '/api/tickets/{ref}/split', what: 'split the reply of a group-A ticket off', expect: of(OK, OK, OK, HIDDEN, NO, NO),
    call: async (w) => {
      const source = await groupATicketWithReply(w);
      return { path: `/api/tickets/${source.id}/split`, body: { eventIds: [source.reply] } };
    },
    check: (b) => expect(b.created.linkedIds).toEqual([b.source.id]),
  },
  // History is for the people who write articles: an old state of a public one may have been internal.
  { method: 'GET', endpoint: '/api/kb/{id}/versions', what: 'versions of the public article', expect: of(OK, OK, OK, OK, NO, NO), call: (w) => ({ path: `/api/kb/${w.kbPublic}/versions` }) },
  { method: 'GET', endpoint: '/api/kb/{id}/versions/{version}', what: 'version 1 of the internal article', expect: of(OK, OK, OK, OK, NO, NO), call: (w) => ({ path: `/api/kb/${w.kbInternal}/versions/1` }) },
  {
    method: 'POST', endpoint: '/api/kb/{id}/versions/{version}/restore', what: 'restore version 1 of the public article (the same text)', expect: of(OK, OK, OK, OK, NO, NO),
    call: (w) => ({ path: `/api/kb/${w.kbPublic}/versions/1/restore` }),
    check: (b, w) => expect(b.id).toBe(w.kbPublic),
  },
];
