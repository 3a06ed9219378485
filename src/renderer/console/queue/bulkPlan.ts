import type { MacroActions } from '../../../shared/domain/presets';
import type { Ticket, TicketPriority, TicketStatus } from '../../../shared/domain/ticket';

/** One change to apply to many tickets at once (or to one, from a macro). */
export type BulkAction =
  | { kind: 'assign'; assigneeId: string | null }
  | { kind: 'group'; groupId: string | null }
  | { kind: 'status'; status: TicketStatus }
  | { kind: 'priority'; priority: TicketPriority }
  | { kind: 'addTag'; tag: string }
  | { kind: 'removeTag'; tag: string };

export type TicketPatch = Partial<Pick<Ticket, 'assigneeId' | 'groupId' | 'status' | 'priority' | 'tags'>>;

/** What a bulk action will do: a patch per ticket it changes, and how many it leaves as they are. */
export interface BulkPlan {
  changes: Array<{ id: string; number: number; patch: TicketPatch }>;
  unchanged: number;
}

const MAX_TAGS = 30;

/**
 * The patch that applies `actions` to one ticket, holding only the fields that really change (so a
 * bulk edit never writes, syncs or logs a no-op). Tags compare without case, as the filters do.
 */
export function patchFor(ticket: Ticket, actions: readonly BulkAction[]): TicketPatch {
  const patch: TicketPatch = {};
  let tags = ticket.tags;
  for (const a of actions) {
    switch (a.kind) {
      case 'assign':
        if (ticket.assigneeId !== a.assigneeId) patch.assigneeId = a.assigneeId;
        else delete patch.assigneeId;
        break;
      case 'group':
        if (ticket.groupId !== a.groupId) patch.groupId = a.groupId;
        else delete patch.groupId;
        break;
      case 'status':
        if (ticket.status !== a.status) patch.status = a.status;
        else delete patch.status;
        break;
      case 'priority':
        if (ticket.priority !== a.priority) patch.priority = a.priority;
        else delete patch.priority;
        break;
      case 'addTag':
        if (!tags.some((t) => t.toLowerCase() === a.tag.toLowerCase()) && tags.length < MAX_TAGS) tags = [...tags, a.tag];
        break;
      case 'removeTag':
        tags = tags.filter((t) => t.toLowerCase() !== a.tag.toLowerCase());
        break;
    }
  }
  if (tags.length !== ticket.tags.length || tags.some((t, i) => t !== ticket.tags[i])) patch.tags = tags;
  return patch;
}

/** Plans `actions` over the selected tickets, in the order given. */
export function planBulk(tickets: readonly Ticket[], actions: readonly BulkAction[]): BulkPlan {
  const changes: BulkPlan['changes'] = [];
  let unchanged = 0;
  for (const t of tickets) {
    const patch = patchFor(t, actions);
    if (Object.keys(patch).length) changes.push({ id: t.id, number: t.number, patch });
    else unchanged += 1;
  }
  return { changes, unchanged };
}

/** A macro's field changes as bulk actions; `me` stands for whoever applies it. */
export function macroActions(actions: MacroActions, me: string): BulkAction[] {
  const out: BulkAction[] = [];
  if (actions.status) out.push({ kind: 'status', status: actions.status });
  if (actions.priority) out.push({ kind: 'priority', priority: actions.priority });
  if (actions.groupId !== undefined) out.push({ kind: 'group', groupId: actions.groupId });
  if (actions.assigneeId !== undefined) out.push({ kind: 'assign', assigneeId: actions.assigneeId === 'me' ? me : actions.assigneeId });
  for (const tag of actions.addTags ?? []) out.push({ kind: 'addTag', tag });
  for (const tag of actions.removeTags ?? []) out.push({ kind: 'removeTag', tag });
  return out;
}

/**
 * The rows a shift-click selects: everything between the last plain click (the anchor) and this
 * row, inclusive, in the order shown; with no anchor, just the row.
 */
export function rangeBetween(ids: readonly string[], anchor: string | null, target: string): string[] {
  const to = ids.indexOf(target);
  if (to < 0) return [];
  const from = anchor === null ? -1 : ids.indexOf(anchor);
  if (from < 0) return [target];
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return ids.slice(lo, hi + 1);
}
