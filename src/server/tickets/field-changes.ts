import { TICKET_EDITABLE_FIELDS, type FieldChange, type Ticket, type TicketEditableField } from '../../shared/domain/ticket';

/** Stable comparison for field values (arrays and custom field objects compare by content). */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const canonical = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v;

/** The fields whose value differs between the ticket and its next values, in TICKET_EDITABLE_FIELDS order. */
export function fieldChanges(current: Ticket, next: Partial<Pick<Ticket, TicketEditableField>>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of TICKET_EDITABLE_FIELDS) {
    const to = next[field];
    if (to === undefined) continue;
    const from = current[field];
    if (!same(from, to)) changes.push({ field, from, to });
  }
  return changes;
}
