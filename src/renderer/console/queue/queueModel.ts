import type { QueueFilter } from '../../../shared/domain/presets';
import type { Ticket, TicketStatus } from '../../../shared/domain/ticket';

export type { QueueFilter } from '../../../shared/domain/presets';

/** Who is looking at the queue: "me" in filters and views. */
export interface Viewer {
  id: string;
  groupIds: readonly string[];
}


export const VIEW_IDS = ['all', 'my_open', 'unassigned', 'my_groups', 'recent'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** Statuses in which a ticket still needs work. */
const WORKING: ReadonlySet<string> = new Set<TicketStatus>(['new', 'open', 'pending', 'on_hold']);

/** "Recently updated" looks back this far. */
export const RECENT_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether a ticket belongs to a saved view for this viewer at time `now` (ms). */
export function inView(view: ViewId, t: Ticket, me: Viewer, now: number): boolean {
  switch (view) {
    case 'all':
      return true;
    case 'my_open':
      return t.assigneeId === me.id && WORKING.has(t.status);
    case 'unassigned':
      return t.assigneeId === null && WORKING.has(t.status);
    case 'my_groups':
      return t.groupId !== null && me.groupIds.includes(t.groupId) && WORKING.has(t.status);
    case 'recent':
      return now - Date.parse(t.updatedAt) <= RECENT_MS;
  }
}

/** How many tickets each view holds, in one pass. */
export function viewCounts(tickets: readonly Ticket[], me: Viewer, now: number): Record<ViewId, number> {
  const counts = Object.fromEntries(VIEW_IDS.map((v) => [v, 0])) as Record<ViewId, number>;
  for (const t of tickets) for (const v of VIEW_IDS) if (inView(v, t, me, now)) counts[v] += 1;
  return counts;
}

/** Local midnight of a `YYYY-MM-DD` day, in ms: date filters mean the agent's own days. */
export function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).getTime();
}
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The filter as one predicate, with its bounds worked out once: the queue runs it over every
 * local ticket on each change, and per view for the counts.
 */
export function compileFilter(f: QueueFilter, me: Viewer): (t: Ticket) => boolean {
  const tests: Array<(t: Ticket) => boolean> = [];
  if (f.status) tests.push((t) => t.status === f.status);
  if (f.priority) tests.push((t) => t.priority === f.priority);
  if (f.type) tests.push((t) => t.type === f.type);
  if (f.groupId) tests.push(f.groupId === 'none' ? (t) => t.groupId === null : (t) => t.groupId === f.groupId);
  if (f.assignee) {
    const want = f.assignee === 'me' ? me.id : f.assignee === 'unassigned' ? null : f.assignee;
    tests.push((t) => t.assigneeId === want);
  }
  if (f.requesterId) tests.push((t) => t.requesterId === f.requesterId);
  if (f.tags?.length) {
    const tags = f.tags.map((x) => x.toLowerCase());
    tests.push((t) => tags.every((want) => t.tags.some((have) => have.toLowerCase() === want)));
  }
  const range = (from: string | undefined, to: string | undefined, at: (t: Ticket) => string) => {
    if (!from && !to) return;
    // "to" is a whole day: up to (not including) the next local midnight.
    const lo = from ? dayStart(from) : -Infinity;
    const hi = to ? dayStart(to) + DAY_MS : Infinity;
    tests.push((t) => {
      const ms = Date.parse(at(t));
      return ms >= lo && ms < hi;
    });
  };
  range(f.createdFrom, f.createdTo, (t) => t.createdAt);
  range(f.updatedFrom, f.updatedTo, (t) => t.updatedAt);
  if (tests.length === 0) return () => true;
  return (t) => tests.every((test) => test(t));
}

/** Whether a ticket passes every filter that is set. */
export function matchesFilter(t: Ticket, f: QueueFilter, me: Viewer): boolean {
  return compileFilter(f, me)(t);
}

export const SORT_COLUMNS = ['number', 'subject', 'requester', 'status', 'priority', 'type', 'group', 'assignee', 'tags', 'created', 'updated'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export interface QueueSort {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

/** Names for the columns that show a person or group rather than a ticket field. */
export interface NameLookup {
  user(id: string | null): string;
  group(id: string | null): string;
}

/** Status in workflow order rather than alphabetical. */
const STATUS_ORDER: Record<string, number> = { new: 0, open: 1, pending: 2, on_hold: 3, resolved: 4, closed: 5 };

/** What String.prototype.localeCompare() compares with when given no locale (ECMA-402), made once. */
const collator = new Intl.Collator();

/**
 * Sorts a copy of `tickets` by one column; ties fall back to the newest update, then the number,
 * so the order is stable whatever the input order. Empty names (no assignee) sort last.
 */
export function sortTickets(tickets: readonly Ticket[], sort: QueueSort, names: NameLookup): Ticket[] {
  const input = tickets;
  const n = input.length;
  const dir = sort.direction === 'asc' ? 1 : -1;
  const key = keyOf(sort.column, names);
  // Keys worked out once per ticket into flat arrays: a comparator that looks names up (or
  // compares names by locale) costs ~17 of them per ticket.
  const primary = new Float64Array(n);
  const updated: string[] = new Array<string>(n);
  const numbers = new Float64Array(n);
  let textual = false;
  if (n > 0 && typeof key(input[0]!) === 'string') {
    textual = true;
    // Names repeat: each distinct one is compared by locale once, and tickets compare its rank.
    // Neighbours the collator calls equal share a rank (ties then fall to the update time).
    const texts: string[] = new Array<string>(n);
    const rankOf = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const k = key(input[i]!) as string;
      texts[i] = k;
      rankOf.set(k, 0);
    }
    const distinct = [...rankOf.keys()].filter((k) => k !== '').sort(collator.compare);
    let rank = 0;
    for (let j = 0; j < distinct.length; j++) {
      if (j > 0 && collator.compare(distinct[j - 1]!, distinct[j]!) !== 0) rank++;
      rankOf.set(distinct[j]!, rank);
    }
    for (let i = 0; i < n; i++) primary[i] = texts[i] === '' ? Infinity : rankOf.get(texts[i]!)! * dir;
  } else {
    for (let i = 0; i < n; i++) primary[i] = key(input[i]!) as number;
  }
  for (let i = 0; i < n; i++) {
    updated[i] = input[i]!.updatedAt;
    numbers[i] = input[i]!.number;
  }
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    // Text ranks carry the direction already (and empty names stay last either way).
    const c = textual ? (primary[a] === primary[b] ? 0 : primary[a]! < primary[b]! ? -1 : 1) : (primary[a]! - primary[b]!) * dir;
    if (c !== 0) return c;
    if (updated[a] !== updated[b]) return updated[a]! < updated[b]! ? 1 : -1;
    return numbers[b]! - numbers[a]!;
  });
  const out: Ticket[] = new Array<Ticket>(n);
  for (let i = 0; i < n; i++) out[i] = input[order[i]!]!;
  return out;
}

function keyOf(column: SortColumn, names: NameLookup): (t: Ticket) => string | number {
  switch (column) {
    case 'number':
      return (t) => t.number;
    case 'subject':
      return (t) => t.subject.toLocaleLowerCase();
    case 'requester':
      return (t) => names.user(t.requesterId).toLocaleLowerCase();
    case 'status':
      return (t) => STATUS_ORDER[t.status] ?? 9;
    case 'priority':
      return (t) => Number(t.priority.slice(1));
    case 'group':
      return (t) => names.group(t.groupId).toLocaleLowerCase();
    case 'assignee':
      return (t) => names.user(t.assigneeId).toLocaleLowerCase();
    case 'type':
      return (t) => t.type;
    case 'tags':
      return (t) => t.tags.join(' ').toLocaleLowerCase();
    case 'created':
      return (t) => Date.parse(t.createdAt);
    case 'updated':
      return (t) => Date.parse(t.updatedAt);
  }
}

/** The queue as shown: the view, then the filters, then the sort. */
export function queueRows(tickets: readonly Ticket[], view: ViewId, filter: QueueFilter, sort: QueueSort, me: Viewer, names: NameLookup, now: number): Ticket[] {
  const passes = compileFilter(filter, me);
  return sortTickets(
    tickets.filter((t) => inView(view, t, me, now) && passes(t)),
    sort,
    names,
  );
}

