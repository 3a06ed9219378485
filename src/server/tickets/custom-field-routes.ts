import { OkResponse } from '../../shared/api/auth';
import { CreateCustomFieldRequest, CustomFieldKeyParams, CustomFieldList, UpdateCustomFieldRequest } from '../../shared/api/tickets';
import { CustomFieldDefinition } from '../../shared/domain/ticket';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import { toCustomField } from './mapping';

const tags = ['custom fields'];
const noSuchField = () => new TandemError('not_found', 'There is no custom field with this key.');

/** Admin-defined ticket fields; values on tickets are checked against these definitions. */
export function customFieldRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/custom-fields', { onRequest: auth, schema: { tags, summary: 'Custom ticket fields', response: { 200: CustomFieldList } } }, async (request) => {
    requirePermission(actorOf(request), 'custom_fields.read');
    const rows = await db.selectFrom('custom_fields').selectAll().orderBy('key').execute();
    return { items: rows.map(toCustomField) };
  });

  app.post('/api/custom-fields', { onRequest: auth, schema: { tags, summary: 'Add a custom field (admin)', body: CreateCustomFieldRequest, response: { 201: CustomFieldDefinition } } }, async (request, reply) => {
    const actor = actorOf(request);
    requirePermission(actor, 'custom_fields.manage');
    const b = request.body;
    const now = ctx.clock();
    const row = await db
      .insertInto('custom_fields')
      .values({ key: b.key, label: b.label, type: b.type, options: b.options, required: b.required, ticket_types: b.ticketTypes, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TandemError('conflict', 'A custom field with this key already exists. Choose another key.');
    await audit(db, now, { action: 'custom_field.changed', actorId: actor.id, address: request.ip, target: b.key, detail: { change: 'created', type: b.type } });
    reply.code(201);
    return toCustomField(row);
  });

  app.patch('/api/custom-fields/:key', { onRequest: auth, schema: { tags, summary: 'Relabel a custom field, change its options or whether it is required (admin)', params: CustomFieldKeyParams, body: UpdateCustomFieldRequest, response: { 200: CustomFieldDefinition } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'custom_fields.manage');
    const b = request.body;
    const current = await db.selectFrom('custom_fields').selectAll().where('key', '=', request.params.key).executeTakeFirst();
    if (!current) throw noSuchField();
    if (b.options !== undefined && (current.type === 'select' ? b.options.length === 0 : b.options.length > 0)) {
      throw new TandemError('validation_failed', 'options: a select field needs options; other types take none.');
    }
    const now = ctx.clock();
    const { ticketTypes, ...rest } = b;
    const row = await db.updateTable('custom_fields').set({ ...rest, ...(ticketTypes ? { ticket_types: ticketTypes } : {}), updated_at: now }).where('key', '=', current.key).returningAll().executeTakeFirstOrThrow();
    await audit(db, now, { action: 'custom_field.changed', actorId: actor.id, address: request.ip, target: current.key, detail: { change: 'updated', fields: Object.keys(b) } });
    return toCustomField(row);
  });

  app.delete('/api/custom-fields/:key', { onRequest: auth, schema: { tags, summary: 'Remove a custom field (admin); values already on tickets stay', params: CustomFieldKeyParams, response: { 200: OkResponse } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'custom_fields.manage');
    const deleted = await db.deleteFrom('custom_fields').where('key', '=', request.params.key).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw noSuchField();
    await audit(db, ctx.clock(), { action: 'custom_field.changed', actorId: actor.id, address: request.ip, target: request.params.key, detail: { change: 'deleted' } });
    return { ok: true as const };
  });
}
