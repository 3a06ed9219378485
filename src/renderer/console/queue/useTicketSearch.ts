import { useEffect, useMemo, useRef, useState } from 'react';
import type { TandemDatabase } from '../../../shared/sync/database';
import { TicketSearchIndex, type TicketHit } from './ticketSearch';
import { feedTicketSearch } from './ticketSearchFeed';

export interface TicketSearch {
  /** Hits for a query; the identity changes when the index does, so memos re-run. */
  search(query: string): TicketHit[];
  indexed: number;
  total: number;
}

/** Slice of the main thread the indexer may take before yielding to input and painting. */
const SLICE_MS = 12;

/**
 * Keeps a search index of the local tickets, their replies and requesters' names, fed by the
 * database's change events (ticketSearchFeed): the first build walks every ticket once, after
 * that a change re-indexes only the tickets it touches, a slice per task. Starts once `ready`
 * (the queue has read every ticket), so the first paint is not slowed by the index.
 */
export function useTicketSearch(db: TandemDatabase, ready: boolean, total: number): TicketSearch {
  const indexRef = useRef<TicketSearchIndex | null>(null);
  const [progress, setProgress] = useState({ indexed: 0, version: 0 });

  useEffect(() => {
    if (!ready) return;
    const index = new TicketSearchIndex();
    indexRef.current = index;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const step = () => {
      timer = null;
      const more = index.drain(SLICE_MS);
      setProgress((p) => ({ indexed: index.size, version: p.version + 1 }));
      if (more && !stopped) timer = setTimeout(step, 0);
    };
    // Changes that come together (a sync batch) are indexed together in the next task.
    const changed = () => {
      if (!timer && !stopped) timer = setTimeout(step, 0);
    };
    const stop = feedTicketSearch(db, index, changed);
    return () => {
      stopped = true;
      stop();
      if (timer) clearTimeout(timer);
      if (indexRef.current === index) indexRef.current = null;
    };
  }, [db, ready]);

  const { version, indexed } = progress;
  // A new function per index version, so a memo of the hits re-runs once more is indexed.
  const search = useMemo(() => (version >= 0 ? (q: string) => indexRef.current?.search(q) ?? [] : () => []), [version]);
  return { search, indexed, total };
}
