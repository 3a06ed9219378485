import { CUSTOM_FIELD_DATE, type CustomFieldDefinition, type CustomFieldValues, type TicketType } from '../../shared/domain/ticket';
import { TandemError } from '../../shared/errors';

type Definition = Pick<CustomFieldDefinition, 'key' | 'label' | 'type' | 'options' | 'required'> & { ticketTypes?: readonly TicketType[] };

/** Whether a field applies to a ticket of this type (no types listed: every type). */
export const appliesTo = (def: Definition, type: TicketType | undefined): boolean =>
  !type || !def.ticketTypes || def.ticketTypes.length === 0 || def.ticketTypes.includes(type);

const isCalendarDay = (s: string): boolean => CUSTOM_FIELD_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * The first problem with custom field values against their definitions, as a sentence, or null.
 * On create every required field that applies to the ticket's type needs a value; on an edit a
 * required field cannot be cleared.
 */
export function customFieldProblem(defs: readonly Definition[], values: CustomFieldValues, mode: 'create' | 'edit', type?: TicketType): string | null {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) return `customFields.${key}: there is no custom field "${key}". Ask an admin to add it.`;
    if (value === null || value === '') {
      if (def.required) return `customFields.${key}: ${def.label} is required.`;
      continue;
    }
    switch (def.type) {
      case 'text':
        if (typeof value !== 'string') return `customFields.${key}: ${def.label} takes text.`;
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) return `customFields.${key}: ${def.label} takes a number.`;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') return `customFields.${key}: ${def.label} takes true or false.`;
        break;
      case 'select':
        if (typeof value !== 'string' || !def.options.includes(value)) {
          return `customFields.${key}: ${def.label} takes one of: ${def.options.join(', ')}.`;
        }
        break;
      case 'date':
        if (typeof value !== 'string' || !isCalendarDay(value)) return `customFields.${key}: ${def.label} takes a date (YYYY-MM-DD).`;
        break;
    }
  }
  if (mode === 'create') {
    for (const def of defs) {
      if (!appliesTo(def, type)) continue;
      const value = values[def.key];
      if (def.required && (value === undefined || value === null || value === '')) return `customFields.${def.key}: ${def.label} is required.`;
    }
  }
  return null;
}

/** Throws validation_failed with the first problem, if any. */
export function assertCustomFields(defs: readonly Definition[], values: CustomFieldValues, mode: 'create' | 'edit', type?: TicketType): void {
  const problem = customFieldProblem(defs, values, mode, type);
  if (problem) throw new TandemError('validation_failed', problem);
}

/** Applies an edit to stored values: given keys are set, null (or '') clears a key. */
export function mergeCustomFields(current: CustomFieldValues, patch: CustomFieldValues): CustomFieldValues {
  const next: CustomFieldValues = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}
