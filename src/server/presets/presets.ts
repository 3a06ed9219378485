import type { z } from 'zod';
import { Id } from '../../shared/domain/common';
import { MacroDefinition, SavedViewDefinition, presetDocId, type PresetKind } from '../../shared/domain/presets';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can, type Permission } from '../../shared/permissions';
import type { PushRow, SyncDoc } from '../../shared/sync/protocol';
import { tombstoneFor, type ReferenceDoc } from '../../shared/sync/schemas';
import type { ServerContext } from '../context';
import type { ConsolePresetsTable } from '../store/schema';
import type { Selectable } from 'kysely';

type PresetRow = Selectable<ConsolePresetsTable>;

/**
 * Saved views and macros arrive as `reference` documents pushed by the console. Each is checked
 * here against its schema and the permission table: anyone on staff keeps personal ones, shared
 * ones need `views.share` / `macros.share`; a personal one is invisible (404) to everyone else.
 */

const RULES: Record<PresetKind, { own: Permission; share: Permission; schema: z.ZodType<{ name: string; shared: boolean }> }> = {
  view: { own: 'views.manage_own', share: 'views.share', schema: SavedViewDefinition },
  macro: { own: 'macros.manage_own', share: 'macros.share', schema: MacroDefinition },
};

/** Whether a reader receives a preset: its owner always, every agent when it is shared. */
export function presetVisible(actor: Actor, row: { owner_id: string; shared: boolean }): boolean {
  if (!can(actor.role, 'views.manage_own')) return false;
  return row.shared || row.owner_id === actor.id;
}

/** The replicated document of a stored preset. */
export function toPresetDoc(row: PresetRow): ReferenceDoc {
  const updatedAt = new Date(row.updated_at).toISOString();
  const data = { ...(row.definition as object), id: row.id, ownerId: row.owner_id, updatedAt };
  return { id: presetDocId(row.kind, row.id), kind: row.kind, key: row.id, data, updatedAt } as ReferenceDoc;
}

const notFound = () => new TandemError('not_found', 'There is no such view or macro, or it is not yours. Make your own copy instead.');

/** Splits `view:<uuid>` into its kind and id; anything else is refused. */
function parseDocId(docId: string): { kind: PresetKind; id: string } {
  const m = /^(view|macro):(.+)$/.exec(docId);
  if (!m || !Id.safeParse(m[2]).success) {
    throw new TandemError('forbidden', 'Only saved views and macros can be changed from the console; other reference data is changed by an admin.');
  }
  return { kind: m[1] as PresetKind, id: m[2]! };
}

/** Applies one pushed view or macro (create, change or delete); answers the master state. */
export async function applyPreset(ctx: ServerContext, actor: Actor, row: PushRow): Promise<SyncDoc | null> {
  const sent = row.newDocumentState;
  const { kind, id } = parseDocId(sent.id);
  const rules = RULES[kind];
  const db = ctx.store.db;
  const existing = await db.selectFrom('console_presets').selectAll().where('id', '=', id).executeTakeFirst();
  if (existing && (existing.kind !== kind || !presetVisible(actor, existing))) throw notFound();
  if (!existing && sent._deleted) return null;

  const mayChange = (shared: boolean) => can(actor.role, shared ? rules.share : rules.own);
  if (existing && !mayChange(existing.shared)) {
    throw new TandemError('forbidden', kind === 'view' ? 'Only supervisors and admins change shared views. Save a personal copy instead.' : 'Only admins change shared macros. Save a personal copy instead.');
  }
  if (sent._deleted) {
    await db.deleteFrom('console_presets').where('id', '=', id).execute();
    return null;
  }
  const parsed = rules.schema.safeParse(stripMeta(sent.data));
  if (!parsed.success) {
    throw new TandemError('validation_failed', `The ${kind} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ')}`);
  }
  const definition = parsed.data;
  if (existing && existing.shared !== definition.shared) {
    throw new TandemError('validation_failed', 'A view or macro cannot move between personal and shared. Save a copy instead.');
  }
  if (!existing && !mayChange(definition.shared)) {
    throw new TandemError('forbidden', kind === 'view' ? 'Only supervisors and admins share views. Save it as a personal view.' : 'Only admins share macros. Save it as a personal macro.');
  }
  const now = new Date();
  const stored = existing
    ? await db
        .updateTable('console_presets')
        .set({ name: definition.name, definition: JSON.stringify(definition), updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await db
        .insertInto('console_presets')
        .values({ id, kind, owner_id: actor.id, shared: definition.shared, name: definition.name, definition: JSON.stringify(definition), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
  return { ...(toPresetDoc(stored) as unknown as SyncDoc), _deleted: false };
}

/** The stored preset as this reader may see it, or a tombstone. */
export async function presetMasterState(ctx: ServerContext, actor: Actor, docId: string): Promise<SyncDoc> {
  const m = /^(view|macro):(.+)$/.exec(docId);
  if (!m || !Id.safeParse(m[2]).success) return tombstoneFor('reference', docId);
  const row = await ctx.store.db.selectFrom('console_presets').selectAll().where('id', '=', m[2]!).executeTakeFirst();
  return row && presetVisible(actor, row) ? { ...(toPresetDoc(row) as unknown as SyncDoc), _deleted: false } : tombstoneFor('reference', docId);
}

/** The definition as the client sent it, without the fields the server sets. */
function stripMeta(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const { id: _id, ownerId: _owner, updatedAt: _at, ...rest } = data as Record<string, unknown>;
  return rest;
}
