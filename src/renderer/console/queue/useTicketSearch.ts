import { useEffect, useMemo, useRef, useState } from 'react';
import type { Ticket } from '../../../shared/domain/ticket';
import { TicketSearchIndex, type RepliesByTicket, type RequesterName, type TicketHit } from './ticketSearch';

export interface TicketSearch {
  /** Hits for a query; the identity changes when the index does, so memos re-run. */
  search(query: string): TicketHit[];
  indexed: number;
  total: number;
}

/** Slice of the main thread the indexer may take before yielding to input and painting. */
const SLICE_MS = 12;

/**
 * Keeps a search index of the local tickets, their replies and requesters' names: each new query
 * result from the database (or directory change) is compared with what is indexed and only the
 * changes are (re)indexed, a slice per task.
 */
export function useTicketSearch(tickets: readonly Ticket[] | null, replies: RepliesByTicket | null = null, requesterName: RequesterName | null = null): TicketSearch {
  const indexRef = useRef<TicketSearchIndex | null>(null);
  const [progress, setProgress] = useState({ indexed: 0, version: 0 });

  useEffect(() => {
    if (!tickets) return;
    const index = (indexRef.current ??= new TicketSearchIndex());
    index.sync(tickets, replies ?? undefined, requesterName ?? undefined);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const step = () => {
      const more = index.drain(SLICE_MS);
      setProgress((p) => ({ indexed: index.size, version: p.version + 1 }));
      timer = more ? setTimeout(step, 0) : null;
    };
    step();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [tickets, replies, requesterName]);

  const { version, indexed } = progress;
  // A new function per index version, so a memo of the hits re-runs once more is indexed.
  const search = useMemo(() => (version >= 0 ? (q: string) => indexRef.current?.search(q) ?? [] : () => []), [version]);
  return { search, indexed, total: tickets?.length ?? 0 };
}
