import type { Kysely } from 'kysely';
import type { CustomFieldDefinition, TicketType } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import type { Database } from '../store/schema';
import { ticketScope } from './scope';

const invalid = (message: string) => new TandemError('validation_failed', message);

/** The fields of a create or edit that name other records. */
export interface TicketReferences {
  requesterId?: string | undefined;
  cc?: string[] | undefined;
  assigneeId?: string | null | undefined;
  groupId?: string | null | undefined;
  deviceId?: string | null | undefined;
  parentId?: string | null | undefined;
  linkedIds?: string[] | undefined;
}

/**
 * Refuses (validation_failed, with a sentence) any reference to a record that does not exist. With
 * an actor, tickets outside their scope count as not existing: linking one would confirm its id.
 */
export async function assertReferencesExist(db: Kysely<Database>, refs: TicketReferences, selfId: string | null, actor?: Actor): Promise<void> {
  const ticketsInScope = () => {
    const q = db.selectFrom('tickets').select('id').where('deleted_at', 'is', null);
    return actor ? q.where(ticketScope(actor)) : q;
  };
  if (refs.requesterId) {
    const user = await db.selectFrom('users').select('active').where('id', '=', refs.requesterId).executeTakeFirst();
    if (!user?.active) throw invalid('requesterId: there is no active user with this id.');
  }
  if (refs.cc?.length) {
    const unique = [...new Set(refs.cc)];
    const found = await db.selectFrom('users').select('id').where('id', 'in', unique).execute();
    if (found.length !== unique.length) throw invalid('cc: one of these people does not exist.');
  }
  if (refs.assigneeId) {
    const user = await db.selectFrom('users').select(['role', 'active']).where('id', '=', refs.assigneeId).executeTakeFirst();
    if (!user || !user.active || user.role === 'end_user') throw invalid('assigneeId: tickets can be assigned only to an active agent, supervisor or admin.');
  }
  if (refs.groupId) {
    const group = await db.selectFrom('groups').select('id').where('id', '=', refs.groupId).executeTakeFirst();
    if (!group) throw invalid('groupId: there is no such group.');
  }
  if (refs.deviceId) {
    const device = await db.selectFrom('devices').select('id').where('id', '=', refs.deviceId).executeTakeFirst();
    if (!device) throw invalid('deviceId: there is no such device.');
  }
  if (refs.parentId) {
    if (refs.parentId === selfId) throw invalid('parentId: a ticket cannot be its own parent.');
    const parent = await ticketsInScope().where('id', '=', refs.parentId).executeTakeFirst();
    if (!parent) throw invalid('parentId: there is no such ticket.');
  }
  if (refs.linkedIds?.length) {
    const unique = [...new Set(refs.linkedIds)];
    if (selfId && unique.includes(selfId)) throw invalid('linkedIds: a ticket cannot be linked to itself.');
    const found = await ticketsInScope().where('id', 'in', unique).execute();
    if (found.length !== unique.length) throw invalid('linkedIds: one of these tickets does not exist.');
  }
}

/** Custom field definitions, for validating values. */
export async function customFieldDefinitions(db: Kysely<Database>) {
  return db.selectFrom('custom_fields').select(['key', 'label', 'type', 'options', 'required', 'ticket_types as ticketTypes']).execute() as Promise<
    { key: string; label: string; type: CustomFieldDefinition['type']; options: string[]; required: boolean; ticketTypes: TicketType[] }[]
  >;
}
