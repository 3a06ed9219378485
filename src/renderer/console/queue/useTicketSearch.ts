import { useMemo } from 'react';
import { useObservable } from '../../common/useRx';
import type { TicketHit } from './ticketSearch';
import type { TicketSearchService } from './workerTicketSearch';

export interface TicketSearch {
  /** Hits for a query; the identity changes when the index does, so effects re-ask. */
  search(query: string): Promise<TicketHit[]>;
  indexed: number;
  total: number;
}

/**
 * The local data's ticket search (TicketSearchService: fed by the database's change events, on a
 * worker), with how far its index is: `indexed` of `total` tickets.
 */
export function useTicketSearch(service: TicketSearchService, total: number): TicketSearch {
  const { indexed, version } = useObservable(service.progress$, service.progress$.value);
  // A new function per index version, so hits asked for earlier are asked for again.
  const search = useMemo(() => (version >= 0 ? (q: string) => service.search(q) : () => Promise.resolve([])), [service, version]);
  return { search, indexed, total };
}
