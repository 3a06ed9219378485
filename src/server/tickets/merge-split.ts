import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { MergeTicketRequest, SplitTicketRequest } from '../../shared/api/tickets';
import { formatTicketNumber, type FieldChange } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { requirePermission } from '../http/auth-guard';
import type { Database, TicketRow } from '../store/schema';
import { visibleTicketRow } from './queries';

/**
 * Merging and splitting tickets. Both move events between tickets in one transaction and leave a
 * system event on each ticket naming the other (its `changes` carry the other ticket's id, so the
 * console can link to it), and link the two both ways, so either ticket leads to the other.
 */

/** Fields of the system events merge and split write; the console names them in its strings. */
export const MERGE_SPLIT_FIELDS = ['merged_into', 'merged_from', 'split_into', 'split_from'] as const;

const MAX_LINKS = 50;
const MAX_CC = 50;

const withLink = (ids: string[], id: string) => (ids.includes(id) || ids.length >= MAX_LINKS ? ids : [...ids, id]);

async function systemEvent(trx: Transaction<Database>, ticketId: string, actor: Actor, body: string, changes: FieldChange[], at: Date): Promise<void> {
  await trx
    .insertInto('ticket_events')
    .values({
      id: randomUUID(),
      ticket_id: ticketId,
      kind: 'system',
      // The requester of either ticket should learn where their conversation went.
      public: true,
      author_id: actor.id,
      body,
      changes: JSON.stringify(changes),
      attachment_ids: [],
      created_at: at,
    })
    .execute();
}

/** Locks two tickets in id order, so two merges of the same pair in opposite directions cannot deadlock. */
async function lockPair(trx: Transaction<Database>, actor: Actor, a: string, b: string): Promise<[TicketRow, TicketRow]> {
  const [first, second] = a < b ? [a, b] : [b, a];
  const x = await visibleTicketRow(trx, actor, first, true);
  const y = await visibleTicketRow(trx, actor, second, true);
  return a < b ? [x, y] : [y, x];
}

async function alreadyMergedInto(db: Kysely<Database>, ticketId: string): Promise<string | null> {
  const rows = await db.selectFrom('ticket_events').select('changes').where('ticket_id', '=', ticketId).where('kind', '=', 'system').execute();
  for (const r of rows) {
    const changes = (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as FieldChange[] | null;
    const merged = changes?.find((c) => c.field === 'merged_into');
    if (merged) return String(merged.to);
  }
  return null;
}

/** Moves every event of `ref` into the target, closes the source, and links the two. */
export async function mergeTicket(ctx: ServerContext, actor: Actor, ref: string, body: MergeTicketRequest) {
  requirePermission(actor, 'tickets.edit');
  const db = ctx.store.db;
  const sourceId = (await visibleTicketRow(db, actor, ref)).id;
  if (sourceId === body.targetId) throw new TandemError('conflict', 'A ticket cannot be merged into itself. Choose another ticket.');
  return db.transaction().execute(async (trx) => {
    const [source, target] = await lockPair(trx, actor, sourceId, body.targetId);
    const sourceMerged = await alreadyMergedInto(trx, source.id);
    if (sourceMerged) throw new TandemError('conflict', `${formatTicketNumber(source.number)} was already merged into another ticket.`);
    const targetMerged = await alreadyMergedInto(trx, target.id);
    if (targetMerged) {
      throw new TandemError('conflict', `${formatTicketNumber(target.number)} was itself merged into another ticket. Merge into that one instead.`);
    }
    const now = ctx.clock();
    const moved = await trx.updateTable('ticket_events').set({ ticket_id: target.id }).where('ticket_id', '=', source.id).executeTakeFirst();
    await trx.updateTable('attachments').set({ ticket_id: target.id }).where('ticket_id', '=', source.id).execute();

    // The source's requester and cc keep following the conversation on the target.
    const followers = [source.requester_id, ...source.cc].filter((id) => id !== target.requester_id);
    const cc = [...new Set([...target.cc, ...followers])].slice(0, MAX_CC);
    const closed = source.status === 'closed';
    const updatedSource = await trx
      .updateTable('tickets')
      .set({
        status: 'closed',
        closed_at: closed ? source.closed_at : now,
        resolved_at: source.resolved_at ?? now,
        linked_ids: withLink(source.linked_ids, target.id),
        updated_at: now,
      })
      .where('id', '=', source.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const updatedTarget = await trx
      .updateTable('tickets')
      .set({ linked_ids: withLink(target.linked_ids, source.id), cc, updated_at: now })
      .where('id', '=', target.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await systemEvent(trx, source.id, actor, `Merged into ${formatTicketNumber(target.number)}.`, [
      { field: 'merged_into', from: null, to: target.id },
      ...(closed ? [] : [{ field: 'status', from: source.status, to: 'closed' }]),
    ], now);
    await systemEvent(trx, target.id, actor, `${formatTicketNumber(source.number)} was merged into this ticket.`, [{ field: 'merged_from', from: null, to: source.id }], now);
    return { source: updatedSource, target: updatedTarget, movedEvents: Number(moved.numUpdatedRows) };
  });
}

/** Moves the chosen replies and notes of `ref` to a new ticket raised for the same requester. */
export async function splitTicket(ctx: ServerContext, actor: Actor, ref: string, body: SplitTicketRequest) {
  requirePermission(actor, 'tickets.edit');
  const db = ctx.store.db;
  return db.transaction().execute(async (trx) => {
    const source = await visibleTicketRow(trx, actor, ref, true);
    const ids = [...new Set(body.eventIds)];
    const events = await trx
      .selectFrom('ticket_events')
      .select(['id', 'kind', 'body', 'attachment_ids', 'created_at'])
      .where('ticket_id', '=', source.id)
      .where('id', 'in', ids)
      .orderBy('created_at')
      .execute();
    if (events.length !== ids.length) throw new TandemError('validation_failed', 'eventIds: some of these events are not on this ticket. Choose again from its conversation.');
    if (events.some((e) => e.kind !== 'reply' && e.kind !== 'note')) {
      throw new TandemError('validation_failed', 'eventIds: only replies and internal notes can move to a new ticket.');
    }
    const now = ctx.clock();
    const created = await trx
      .insertInto('tickets')
      .values({
        id: randomUUID(),
        subject: body.subject ?? source.subject,
        description: `Split from ${formatTicketNumber(source.number)}.`,
        requester_id: source.requester_id,
        cc: source.cc,
        assignee_id: source.assignee_id,
        group_id: source.group_id,
        status: 'open',
        priority: source.priority,
        type: source.type,
        category: source.category,
        tags: source.tags,
        custom_fields: JSON.stringify(source.custom_fields ?? {}),
        channel: source.channel,
        device_id: source.device_id,
        parent_id: null,
        linked_ids: [source.id],
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('ticket_events').set({ ticket_id: created.id }).where('id', 'in', ids).execute();
    const attachmentIds = events.flatMap((e) => e.attachment_ids);
    if (attachmentIds.length) await trx.updateTable('attachments').set({ ticket_id: created.id }).where('id', 'in', attachmentIds).execute();
    const updatedSource = await trx
      .updateTable('tickets')
      .set({ linked_ids: withLink(source.linked_ids, created.id), updated_at: now })
      .where('id', '=', source.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await systemEvent(trx, source.id, actor, `${events.length} message(s) moved to ${formatTicketNumber(created.number)}.`, [{ field: 'split_into', from: null, to: created.id }], now);
    await systemEvent(trx, created.id, actor, `Split from ${formatTicketNumber(source.number)}.`, [{ field: 'split_from', from: null, to: source.id }], now);
    return { source: updatedSource, created, movedEvents: events.length };
  });
}
