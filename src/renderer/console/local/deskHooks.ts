import { useEffect, useMemo } from 'react';
import type { Device } from '../../../shared/domain/device';
import type { KbArticle } from '../../../shared/domain/kb';
import type { CustomFieldDefinition, Ticket } from '../../../shared/domain/ticket';
import type { TicketViewer } from '../../../shared/sync/protocol';
import { useObservable, useRxDocument, useRxQuery } from '../../common/useRx';
import { useLocalData } from './LocalDataContext';

/** Every local knowledge-base article, newest first; null while loading. */
export function useKbArticles(): KbArticle[] | null {
  const { db } = useLocalData().data;
  const query = useMemo(() => db.kb_articles.find({ sort: [{ updatedAt: 'desc' }] }), [db]);
  return useRxQuery(query);
}

/** One article by id; undefined while loading, null when not on this device. */
export function useKbArticle(id: string): KbArticle | null | undefined {
  const { db } = useLocalData().data;
  const query = useMemo(() => db.kb_articles.findOne(id), [db, id]);
  return useRxDocument(query);
}

/** The custom field definitions (from the `reference` collection), by label. */
export function useCustomFields(): CustomFieldDefinition[] {
  const { db } = useLocalData().data;
  const query = useMemo(() => db.reference.find({ selector: { kind: 'custom_field' } }), [db]);
  const docs = useRxQuery(query);
  return useMemo(
    () => (docs ?? []).map((d) => d.data as CustomFieldDefinition).sort((a, b) => a.label.localeCompare(b.label)),
    [docs],
  );
}

/** A requester's tickets other than `exceptId`, newest first. */
export function useRequesterTickets(requesterId: string, exceptId: string): Ticket[] | null {
  const { db } = useLocalData().data;
  const query = useMemo(
    () => db.tickets.find({ selector: { requesterId, id: { $ne: exceptId } }, sort: [{ updatedAt: 'desc' }], limit: 20 }),
    [db, requesterId, exceptId],
  );
  return useRxQuery(query);
}

/** Tickets by id (links, merge and split pointers), as far as they are on this device. */
export function useTicketsById(ids: readonly string[]): Ticket[] | null {
  const { db } = useLocalData().data;
  const key = ids.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `ids`
  const query = useMemo(() => (ids.length ? db.tickets.find({ selector: { id: { $in: [...ids] } } }) : null), [db, key]);
  return useRxQuery(query) ?? (ids.length ? null : []);
}

/** Devices a person owns. */
export function useOwnedDevices(ownerId: string): Device[] | null {
  const { db } = useLocalData().data;
  const query = useMemo(() => db.devices.find({ selector: { ownerId } }), [db, ownerId]);
  return useRxQuery(query);
}

/**
 * Who else has this ticket open, live from the sync stream. Announces this page as viewing the
 * ticket while it is mounted.
 */
export function useTicketViewers(ticketId: string): TicketViewer[] {
  const { session } = useLocalData().data;
  useEffect(() => {
    session.viewing(ticketId);
    return () => session.viewing(null);
  }, [session, ticketId]);
  const presence = useObservable(session.presence$, null);
  return presence && presence.ticketId === ticketId ? presence.viewers : [];
}
