import { useMemo } from 'react';
import type { Ticket, TicketEvent } from '../../../shared/domain/ticket';
import type { Group } from '../../../shared/domain/user';
import type { DirectoryUser } from '../../../shared/sync/schemas';
import type { RejectedChange, SyncStatus } from '../../../shared/sync/session';
import { useLocalData } from './LocalDataContext';
import type { LocalTicketList } from './localTickets';
import { useObservable, useRxDocument, useRxQuery } from '../../common/useRx';

/** Names of people and groups by id, from the local users and groups collections. */
export interface Directory {
  users: ReadonlyMap<string, DirectoryUser>;
  groups: ReadonlyMap<string, Group>;
}


/**
 * Every ticket in the local database, and whether that is all of them: until the whole set is
 * read the newest few stand in, so the queue paints at once (LocalTickets, kept by the local data
 * for as long as it is open). `byId` finds a ticket of the list by id.
 */
export function useLocalTickets(): LocalTicketList {
  const { tickets } = useLocalData().data;
  return useObservable(tickets.list$, tickets.list$.value);
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
