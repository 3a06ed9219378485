import { useMemo } from 'react';
import type { RepliesByTicket } from '../queue/ticketSearch';
import { useRxQuery } from '../../common/useRx';
import { useLocalData } from './LocalDataContext';

/**
 * The words of every ticket's replies and internal notes, for the queue's search. Every console
 * user is an agent, who may read notes; the server never sends an end user's client a note, so
 * nothing here can reach them. Read once the tickets are (`ready`), at most once a second.
 */
export function useReplyTexts(ready: boolean): RepliesByTicket | null {
  const { db } = useLocalData().data;
  const query = useMemo(() => (ready ? db.ticket_events.find({ selector: { kind: { $in: ['reply', 'note'] } } }) : null), [db, ready]);
  const events = useRxQuery(query, { throttleMs: 1_000 });
  return useMemo(() => {
    if (!events) return null;
    const sorted = [...events].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    const byTicket = new Map<string, string>();
    for (const e of sorted) if (e.body) byTicket.set(e.ticketId, byTicket.has(e.ticketId) ? `${byTicket.get(e.ticketId)}\n${e.body}` : e.body);
    return byTicket;
  }, [events]);
}
