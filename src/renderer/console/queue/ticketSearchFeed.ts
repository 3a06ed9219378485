import type { RxChangeEvent } from 'rxdb';
import type { TandemDatabase } from '../../../shared/sync/database';
import { readAllStored } from '../local/storedDocs';
import type { SearchableTicket, TicketSearchIndex } from './ticketSearch';

/** What the feed tells an index: a TicketSearchIndex, or one on a worker that forwards to one. */
export type TicketSearchInput = Pick<TicketSearchIndex, 'putTicket' | 'removeTicket' | 'setReplies' | 'setRequesterName'>;

/** Items of the first build handled per task. */
const SLICE = 5_000;

/** The event kinds whose text is searched: agents see internal notes too. */
const SEARCHED_KINDS = new Set(['reply', 'note']);

export interface TicketFields {
  id: string;
  subject: string;
  description: string;
  updatedAt: string;
  number: number;
  requesterId: string;
}
interface EventFields {
  id: string;
  ticketId: string;
  kind: string;
  body: string | null;
  createdAt: string;
}
interface UserFields {
  id: string;
  name: string;
}

/** Only what the index reads, so it holds no reference to a whole document. */
const searchable = (t: TicketFields): SearchableTicket => ({
  id: t.id,
  subject: t.subject,
  description: t.description,
  updatedAt: t.updatedAt,
  number: t.number,
  requesterId: t.requesterId,
});

/**
 * Feeds a search index from the local database's change events, so a change costs work for the
 * tickets it touches rather than a comparison of every ticket: tickets (a delete, or a ticket
 * leaving this agent's scope, which RxDB deletes locally, removes it), replies and notes
 * (`ticket_events`), and requesters' names (`users`; a rename marks only their tickets).
 *
 * The first build reads each collection once (`options.tickets` hands over tickets already read). Change events are listened to before that read
 * starts, and a document that changed meanwhile keeps its event's state rather than the read's
 * (which may be older), so nothing that arrives during the first build is lost.
 * Calls `changed` after anything was marked; returns a function that stops listening.
 */
export function feedTicketSearch(
  db: TandemDatabase,
  index: TicketSearchInput,
  changed: () => void,
  options: { tickets?: () => Promise<readonly TicketFields[]> } = {},
): () => void {
  let stopped = false;
  let loading = true;
  /** Documents whose change event came while the first read ran: the event wins. */
  const seenDuringLoad = { tickets: new Set<string>(), events: new Set<string>(), users: new Set<string>() };
  /** Reply and note bodies by ticket, then by event, to rebuild one ticket's reply text. */
  const repliesOf = new Map<string, Map<string, { createdAt: string; body: string }>>();

  const refreshReplies = (ticketId: string) => {
    const events = repliesOf.get(ticketId);
    if (!events || events.size === 0) {
      repliesOf.delete(ticketId);
      index.setReplies(ticketId, '');
      return;
    }
    const ordered = [...events.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    index.setReplies(ticketId, ordered.map((e) => e.body).join('\n'));
  };
  const putEvent = (e: EventFields): string | null => {
    if (!SEARCHED_KINDS.has(e.kind) || !e.body) return dropEvent(e);
    let events = repliesOf.get(e.ticketId);
    if (!events) repliesOf.set(e.ticketId, (events = new Map()));
    events.set(e.id, { createdAt: e.createdAt, body: e.body });
    return e.ticketId;
  };
  const dropEvent = (e: EventFields): string | null => (repliesOf.get(e.ticketId)?.delete(e.id) ? e.ticketId : null);

  const onTicket = (ev: RxChangeEvent<TicketFields>) => {
    if (loading) seenDuringLoad.tickets.add(ev.documentId);
    if (ev.operation === 'DELETE') index.removeTicket(ev.documentId);
    else index.putTicket(searchable(ev.documentData));
    changed();
  };
  const onEvent = (ev: RxChangeEvent<EventFields>) => {
    if (loading) seenDuringLoad.events.add(ev.documentId);
    const ticketId = ev.operation === 'DELETE' ? dropEvent(ev.documentData) : putEvent(ev.documentData);
    // An event moved to another ticket (a merge) leaves the old one's text too.
    const before = ev.previousDocumentData;
    if (before && before.ticketId !== ev.documentData.ticketId && dropEvent(before)) refreshReplies(before.ticketId);
    if (ticketId) {
      refreshReplies(ticketId);
      changed();
    }
  };
  const onUser = (ev: RxChangeEvent<UserFields>) => {
    if (loading) seenDuringLoad.users.add(ev.documentId);
    index.setRequesterName(ev.documentId, ev.operation === 'DELETE' ? '' : ev.documentData.name);
    changed();
  };

  /** Runs `each` over `items`, yielding to the page every SLICE items; false once stopped. */
  const inSlices = async <T>(items: readonly T[], each: (item: T) => unknown): Promise<boolean> => {
    for (let i = 0; i < items.length; i++) {
      if (i > 0 && i % SLICE === 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (stopped) return false;
      }
      each(items[i]!);
    }
    return !stopped;
  };

  const subscriptions = [
    db.tickets.$.subscribe((ev) => onTicket(ev as unknown as RxChangeEvent<TicketFields>)),
    db.ticket_events.$.subscribe((ev) => onEvent(ev as unknown as RxChangeEvent<EventFields>)),
    db.users.$.subscribe((ev) => onUser(ev as unknown as RxChangeEvent<UserFields>)),
  ];

  void (async () => {
    // Names first, so the first build indexes each ticket with its requester's name once.
    const users = await readAllStored(db.users, { stopped: () => stopped });
    if (stopped) return;
    for (const u of users) if (!seenDuringLoad.users.has(u.id)) index.setRequesterName(u.id, u.name);
    // The tickets come from whoever holds them already (the local data's list), else from storage.
    const [tickets, events] = await Promise.all([
      options.tickets ? options.tickets() : readAllStored(db.tickets, { stopped: () => stopped }),
      readAllStored(db.ticket_events, { keep: (e) => SEARCHED_KINDS.has(e.kind), stopped: () => stopped }),
    ]);
    if (stopped) return;
    // A few thousand at a time, so that 100,000 tickets are no long task. Events that come
    // meanwhile still count as "during the load": they win over what was read.
    const touched = new Set<string>();
    if (!(await inSlices(events, (e) => !seenDuringLoad.events.has(e.id) && putEvent(e) && touched.add(e.ticketId)))) return;
    if (!(await inSlices([...touched], (ticketId) => refreshReplies(ticketId)))) return;
    if (!(await inSlices(tickets, (t) => !seenDuringLoad.tickets.has(t.id) && index.putTicket(searchable(t))))) return;
    loading = false;
    changed();
  })().catch((error: unknown) => {
    // The database was closed under the read (sign-out, reload): nothing is left to index.
    if (!stopped) throw error;
  });

  return () => {
    stopped = true;
    for (const s of subscriptions) s.unsubscribe();
  };
}
