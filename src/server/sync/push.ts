import { z } from 'zod';
import { CreateKbArticleRequest, UpdateKbArticleRequest } from '../../shared/api/kb';
import { CreateTicketEventRequest, CreateTicketRequest, RateTicketRequest, UpdateTicketRequest } from '../../shared/api/tickets';
import type { KbArticle } from '../../shared/domain/kb';
import { TICKET_EDITABLE_FIELDS, type CustomFieldValues, type Ticket } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can } from '../../shared/permissions';
import type { PushResponse, PushRow, SyncCollection, SyncDoc } from '../../shared/sync/protocol';
import { tombstoneFor } from '../../shared/sync/schemas';
import type { ServerContext } from '../context';
import { eventForActor, toTicket, toTicketEvent } from '../tickets/mapping';
import { postTicketEvent } from '../tickets/event-routes';
import { rateTicket } from '../tickets/rating';
import { createTicket, deleteTicket, updateTicket } from '../tickets/service';
import { articleDelivery, ticketDelivery } from './scope';
import { toArticle } from '../kb/articles';
import { applyPreset, presetMasterState } from '../presets/presets';
import { articleNotFound, createArticle, deleteArticle, updateArticle } from '../kb/service';

/**
 * Applies pushed documents, one transaction each, through the same rules as the REST API, and
 * answers RxDB: the master state of every document not taken exactly as sent (server-set fields,
 * merges, refusals), and why any was refused. Ticket fields merge field by field: only the fields
 * the client changed (against the master state it assumed) are written, so two people editing
 * different fields both win; on the same field the later push wins, and history shows both.
 */
export async function push(ctx: ServerContext, actor: Actor, collection: SyncCollection, rows: PushRow[]): Promise<PushResponse> {
  const conflicts: SyncDoc[] = [];
  const rejections: PushResponse['rejections'] = [];
  for (const row of rows) {
    const sent = row.newDocumentState;
    try {
      const master = await applyOne(ctx, actor, collection, row);
      if (master && !sameDocument(master, sent)) conflicts.push(master);
    } catch (err) {
      if (!(err instanceof TandemError)) throw err;
      rejections.push({ id: sent.id, code: err.code, message: err.message });
      conflicts.push(await masterState(ctx, actor, collection, sent.id));
    }
  }
  return { conflicts, rejections };
}

async function applyOne(ctx: ServerContext, actor: Actor, collection: SyncCollection, row: PushRow): Promise<SyncDoc | null> {
  switch (collection) {
    case 'tickets':
      return applyTicket(ctx, actor, row);
    case 'ticket_events':
      return applyTicketEvent(ctx, actor, row);
    case 'kb_articles':
      return applyArticle(ctx, actor, row);
    case 'reference':
      return applyPreset(ctx, actor, row);
    default:
      throw new TandemError('forbidden', `${collection} cannot be changed from this device; changes are made by an admin.`);
  }
}

const invalid = (what: string, error: z.ZodError) =>
  new TandemError('validation_failed', `${what}: ${error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ')}`);

async function applyTicket(ctx: ServerContext, actor: Actor, row: PushRow): Promise<SyncDoc | null> {
  const sent = row.newDocumentState as SyncDoc & Partial<Ticket>;
  const existing = await ctx.store.db.selectFrom('tickets').selectAll().where('id', '=', sent.id).executeTakeFirst();
  if (!existing) {
    if (sent._deleted) return null;
    const staff = can(actor.role, 'tickets.edit');
    // An end user's client fills routing fields with their defaults; only a real choice is refused.
    const input = CreateTicketRequest.safeParse({
      subject: sent.subject,
      description: sent.description ?? '',
      ...(staff || sent.priority !== 'P3' ? { priority: sent.priority } : {}),
      type: sent.type,
      category: sent.category ?? null,
      tags: sent.tags ?? [],
      cc: sent.cc ?? [],
      customFields: sent.customFields ?? {},
      ...(staff || sent.groupId ? { groupId: sent.groupId ?? null } : {}),
      ...(staff || sent.assigneeId ? { assigneeId: sent.assigneeId ?? null } : {}),
      deviceId: sent.deviceId ?? null,
      channel: sent.channel,
      ...(sent.requesterId && sent.requesterId !== actor.id ? { requesterId: sent.requesterId } : {}),
    });
    if (!input.success) throw invalid('The new ticket is not valid', input.error);
    const created = await createTicket(ctx, actor, input.data, { id: sent.id });
    return { ...toTicket(created), _deleted: false };
  }
  const current = toTicket(existing);
  if (ticketDelivery(actor, existing) !== 'doc') {
    throw new TandemError('not_found', 'There is no such ticket, or you no longer have access to it.');
  }
  if (sent._deleted) {
    await deleteTicket(ctx, actor, sent.id);
    return null;
  }
  const base = (row.assumedMasterState as (SyncDoc & Ticket) | null | undefined) ?? { ...current, _deleted: false };
  const patch: Record<string, unknown> = {};
  for (const field of TICKET_EDITABLE_FIELDS) {
    if (field === 'customFields') continue;
    if (sent[field] !== undefined && !sameValue(sent[field], base[field])) patch[field] = sent[field];
  }
  const fields = customFieldPatch(base.customFields ?? {}, sent.customFields ?? {});
  if (Object.keys(fields).length) patch.customFields = fields;
  if (Object.keys(patch).length === 0) return { ...current, _deleted: false };
  const parsed = UpdateTicketRequest.safeParse(patch);
  if (!parsed.success) throw invalid('The change is not valid', parsed.error);
  const updated = await updateTicket(ctx, actor, sent.id, parsed.data);
  return { ...toTicket(updated), _deleted: false };
}

const ARTICLE_FIELDS = ['title', 'body', 'visibility', 'category', 'tags'] as const;

async function applyArticle(ctx: ServerContext, actor: Actor, row: PushRow): Promise<SyncDoc | null> {
  const sent = row.newDocumentState as SyncDoc & Partial<KbArticle>;
  const existing = await ctx.store.db.selectFrom('kb_articles').selectAll().where('id', '=', sent.id).executeTakeFirst();
  if (!existing) {
    if (sent._deleted) return null;
    const input = CreateKbArticleRequest.safeParse(Object.fromEntries(ARTICLE_FIELDS.map((f) => [f, sent[f]])));
    if (!input.success) throw invalid('The new article is not valid', input.error);
    return { ...toArticle(await createArticle(ctx, actor, input.data, { id: sent.id })), _deleted: false };
  }
  if (articleDelivery(actor, existing) !== 'doc') throw articleNotFound();
  if (sent._deleted) {
    await deleteArticle(ctx, actor, sent.id);
    return null;
  }
  const base = (row.assumedMasterState as (SyncDoc & KbArticle) | null | undefined) ?? { ...toArticle(existing), _deleted: false };
  const patch = Object.fromEntries(ARTICLE_FIELDS.filter((f) => sent[f] !== undefined && !sameValue(sent[f], base[f])).map((f) => [f, sent[f]]));
  if (Object.keys(patch).length === 0) return { ...toArticle(existing), _deleted: false };
  const parsed = UpdateKbArticleRequest.safeParse(patch);
  if (!parsed.success) throw invalid('The change is not valid', parsed.error);
  return { ...toArticle(await updateArticle(ctx, actor, sent.id, parsed.data)), _deleted: false };
}

/** The custom-field keys a client changed: set values, and null for the ones it removed. */
function customFieldPatch(before: CustomFieldValues, after: CustomFieldValues): CustomFieldValues {
  const patch: CustomFieldValues = {};
  for (const [k, v] of Object.entries(after)) if (!sameValue(v, before[k])) patch[k] = v;
  for (const k of Object.keys(before)) if (!(k in after)) patch[k] = null;
  return patch;
}

async function applyTicketEvent(ctx: ServerContext, actor: Actor, row: PushRow): Promise<SyncDoc | null> {
  const sent = row.newDocumentState;
  const existing = await ctx.store.db.selectFrom('ticket_events').select('id').where('id', '=', sent.id).executeTakeFirst();
  // Events are append-only: an edit or a deletion of a stored one is answered with what is stored.
  if (existing) return masterState(ctx, actor, 'ticket_events', sent.id);
  if (sent._deleted) return null;
  if (typeof sent.ticketId !== 'string' || !z.uuid().safeParse(sent.ticketId).success) {
    throw new TandemError('validation_failed', 'The message does not say which ticket it belongs to.');
  }
  if (sent.kind === 'rating') {
    const rating = RateTicketRequest.safeParse({ id: sent.id, score: sent.score, comment: sent.body ?? null });
    if (!rating.success) throw invalid('The rating is not valid', rating.error);
    const { event } = await rateTicket(ctx, actor, sent.ticketId, rating.data);
    return { ...toTicketEvent(event), _deleted: false };
  }
  const input = CreateTicketEventRequest.safeParse({
    id: sent.id,
    kind: sent.kind,
    body: sent.body,
    attachmentIds: sent.attachmentIds ?? [],
  });
  if (!input.success) throw invalid('The message is not valid', input.error);
  const { event } = await postTicketEvent(ctx, actor, sent.ticketId, input.data);
  const shown = eventForActor(actor, toTicketEvent(event));
  return shown ? { ...shown, _deleted: false } : tombstoneFor('ticket_events', sent.id);
}

/** The document as this actor may see it now: the stored state, or a tombstone. */
async function masterState(ctx: ServerContext, actor: Actor, collection: SyncCollection, id: string): Promise<SyncDoc> {
  const db = ctx.store.db;
  if (collection === 'reference') return presetMasterState(ctx, actor, id);
  if (!z.uuid().safeParse(id).success) return tombstoneFor(collection, id);
  if (collection === 'tickets') {
    const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && ticketDelivery(actor, row) === 'doc' ? { ...toTicket(row), _deleted: false } : tombstoneFor(collection, id);
  }
  if (collection === 'ticket_events') {
    const row = await db.selectFrom('ticket_events').selectAll().where('id', '=', id).executeTakeFirst();
    const ticket = row && (await db.selectFrom('tickets').selectAll().where('id', '=', row.ticket_id).executeTakeFirst());
    const shown = row && ticket && ticketDelivery(actor, ticket) === 'doc' ? eventForActor(actor, toTicketEvent(row)) : null;
    return shown ? { ...shown, _deleted: false } : tombstoneFor(collection, id);
  }
  if (collection === 'kb_articles') {
    const row = await db.selectFrom('kb_articles').selectAll().where('id', '=', id).executeTakeFirst();
    return row && articleDelivery(actor, row) === 'doc' ? { ...toArticle(row), _deleted: false } : tombstoneFor(collection, id);
  }
  return tombstoneFor(collection, id);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function sameDocument(a: SyncDoc, b: SyncDoc): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== '_meta' && k !== '_rev' && k !== '_attachments'));
  for (const k of keys) if (!sameValue(a[k], b[k])) return false;
  return true;
}
