import { useMemo } from 'react';
import type { Ticket, TicketEvent } from '../../../shared/domain/ticket';
import type { Group } from '../../../shared/domain/user';
import type { DirectoryUser } from '../../../shared/sync/schemas';
import type { RejectedChange, SyncStatus } from '../../../shared/sync/session';
import { useLocalData } from './LocalDataContext';
import { FIRST_PAINT_ROWS } from './firstPaint';
import { useObservable, useRxDocument, useRxQuery } from '../../common/useRx';

/** Names of people and groups by id, from the local users and groups collections. */
export interface Directory {
  users: ReadonlyMap<string, DirectoryUser>;
  groups: ReadonlyMap<string, Group>;
}


/**
 * Every ticket in the local database, and whether that is all of them: reading 100,000 tickets
 * out of IndexedDB takes seconds, so until it is done the newest few (an indexed, limited query)
 * stand in, and the queue paints at once.
 */
export function useLocalTickets(): { tickets: Ticket[] | null; complete: boolean } {
  const { db } = useLocalData().data;
  const newestQuery = useMemo(() => db.tickets.find({ sort: [{ updatedAt: 'desc' }], limit: FIRST_PAINT_ROWS }), [db]);
  const newest = useRxQuery(newestQuery);
  // The whole read starts once the newest are on screen: started together, both came at the end.
  const ready = newest !== null;
  const allQuery = useMemo(() => (ready ? db.tickets.find() : null), [db, ready]);
  // The queue sorts, counts and indexes every ticket on each result: twice a second is plenty.
  const all = useRxQuery(allQuery, { throttleMs: 500 });
  return all ? { tickets: all, complete: true } : { tickets: newest, complete: false };
}

/** One ticket by its number (T-1042 → 1042); undefined while loading, null when not here. */
export function useTicketByNumber(number: number): Ticket | null | undefined {
  const { db } = useLocalData().data;
  const query = useMemo(() => db.tickets.findOne({ selector: { number } }), [db, number]);
  return useRxDocument(query);
}

/** A ticket's events, oldest first. */
export function useTicketEvents(ticketId: string | null): TicketEvent[] | null {
  const { db } = useLocalData().data;
  const query = useMemo(
    () => (ticketId ? db.ticket_events.find({ selector: { ticketId }, sort: [{ createdAt: 'asc' }] }) : null),
    [db, ticketId],
  );
  return useRxQuery(query);
}

const EMPTY_DIRECTORY: Directory = { users: new Map(), groups: new Map() };

/** The local users and groups, by id. */
export function useDirectory(): Directory {
  const { db } = useLocalData().data;
  const usersQuery = useMemo(() => db.users.find(), [db]);
  const groupsQuery = useMemo(() => db.groups.find(), [db]);
  const users = useRxQuery(usersQuery);
  const groups = useRxQuery(groupsQuery);
  return useMemo(
    () =>
      users || groups
        ? { users: new Map((users ?? []).map((u) => [u.id, u])), groups: new Map((groups ?? []).map((g) => [g.id, g])) }
        : EMPTY_DIRECTORY,
    [users, groups],
  );
}

const INITIAL_STATUS: SyncStatus = { connection: 'connecting', firstSync: null, pending: 0, error: null };

/** The replication state to show in the frame. */
export function useSyncStatus(): SyncStatus {
  const { status$ } = useLocalData().data;
  return useObservable(status$, INITIAL_STATUS);
}

/** Local changes the server refused, until the user dismisses them. */
export function useRejectedChanges(): RejectedChange[] {
  const { session } = useLocalData().data;
  return useObservable(session.rejected$, []);
}

const NONE: ReadonlySet<string> = new Set();

/** Replies and notes written on this device that the server has not taken yet. */
export function useUnsentEventIds(): ReadonlySet<string> {
  const { unsentEvents$ } = useLocalData().data;
  return useObservable(unsentEvents$, NONE);
}
