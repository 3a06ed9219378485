import { useMemo } from 'react';
import { presetDocId, type Macro, type MacroDefinition, type PresetKind, type SavedView, type SavedViewDefinition } from '../../../shared/domain/presets';
import type { TandemDatabase } from '../../../shared/sync/database';
import type { ReferenceDoc } from '../../../shared/sync/schemas';
import { useRxQuery } from '../../common/useRx';
import { newEventId } from '../ticket/ticketEdits';
import { useLocalData } from './LocalDataContext';

/**
 * Saved views and macros from the local `reference` collection. They are written there too and
 * sync like everything else: the server checks each against the permission table, and a refused
 * one comes back in the frame's refused-changes list.
 */

function usePresetDocs(kind: PresetKind): ReferenceDoc[] | null {
  const { db } = useLocalData().data;
  const query = useMemo(() => db.reference.find({ selector: { kind } }), [db, kind]);
  return useRxQuery(query);
}

/** Custom views the agent may use: their own and the shared ones. */
export function useSavedViews(): SavedView[] {
  const docs = usePresetDocs('view');
  return useMemo(() => (docs ?? []).flatMap((d) => (d.kind === 'view' ? [{ ...d.data, id: d.key }] : [])), [docs]);
}

/** Macros the agent may apply: their own and the shared ones. */
export function useMacros(): Macro[] {
  const docs = usePresetDocs('macro');
  return useMemo(() => (docs ?? []).flatMap((d) => (d.kind === 'macro' ? [{ ...d.data, id: d.key }] : [])), [docs]);
}

/** Saves a new view or macro (id null) or changes one, in the local database. */
export async function savePreset(
  db: TandemDatabase,
  ownerId: string,
  input: { kind: 'view'; id: string | null; definition: SavedViewDefinition } | { kind: 'macro'; id: string | null; definition: MacroDefinition },
): Promise<string> {
  const id = input.id ?? newEventId();
  const updatedAt = new Date().toISOString();
  const existing = await db.reference.findOne(presetDocId(input.kind, id)).exec();
  const data = { ...input.definition, id, ownerId: (existing?.data as { ownerId?: string } | undefined)?.ownerId ?? ownerId, updatedAt };
  if (existing) await existing.incrementalPatch({ data: data as never, updatedAt });
  else await db.reference.insert({ id: presetDocId(input.kind, id), kind: input.kind, key: id, data, updatedAt } as ReferenceDoc);
  return id;
}

/** Deletes a view or macro (the deletion syncs). */
export async function deletePreset(db: TandemDatabase, kind: PresetKind, id: string): Promise<void> {
  await (await db.reference.findOne(presetDocId(kind, id)).exec())?.remove();
}
