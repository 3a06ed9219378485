import { describe, expect, it } from 'vitest';
import { customFieldProblem, mergeCustomFields } from './custom-field-values';

const defs: Parameters<typeof customFieldProblem>[0] = [
  { key: 'asset', label: 'Asset', type: 'text', options: [], required: true },
  { key: 'seats', label: 'Seats', type: 'number', options: [], required: false },
  { key: 'vip', label: 'VIP', type: 'boolean', options: [], required: false },
  { key: 'site', label: 'Site', type: 'select', options: ['HQ', 'Lab'], required: false },
];

describe('customFieldProblem', () => {
  it.each([
    [{ asset: 'A1' }, 'create', null],
    [{ asset: 'A1', seats: 0, vip: false, site: 'Lab' }, 'create', null],
    [{}, 'create', 'customFields.asset: Asset is required.'],
    [{ asset: '' }, 'create', 'customFields.asset: Asset is required.'],
    [{}, 'edit', null],
    [{ asset: null }, 'edit', 'customFields.asset: Asset is required.'],
    [{ seats: null }, 'edit', null],
    [{ other: 1 }, 'edit', 'customFields.other: there is no custom field "other". Ask an admin to add it.'],
    [{ asset: 5 }, 'edit', 'customFields.asset: Asset takes text.'],
    [{ seats: '5' }, 'edit', 'customFields.seats: Seats takes a number.'],
    [{ vip: 'true' }, 'edit', 'customFields.vip: VIP takes true or false.'],
    [{ site: 'Home' }, 'edit', 'customFields.site: Site takes one of: HQ, Lab.'],
    [{ site: true }, 'edit', 'customFields.site: Site takes one of: HQ, Lab.'],
  ] as const)('%o on %s → %s', (values, mode, expected) => {
    expect(customFieldProblem(defs, values, mode)).toBe(expected);
  });
});

describe('customFieldProblem with date fields and ticket types', () => {
  const typed: Parameters<typeof customFieldProblem>[0] = [
    { key: 'window', label: 'Change window', type: 'date', options: [], required: true, ticketTypes: ['change'] },
    { key: 'due', label: 'Due', type: 'date', options: [], required: false, ticketTypes: [] },
  ];
  it.each([
    // Required only on the types it applies to.
    [{}, 'create', 'incident', null],
    [{}, 'create', 'change', 'customFields.window: Change window is required.'],
    [{ window: '2026-03-01' }, 'create', 'change', null],
    // Calendar days only: no times, no impossible dates.
    [{ due: '2026-02-28' }, 'edit', undefined, null],
    [{ due: '2024-02-29' }, 'edit', undefined, null],
    [{ due: '2026-02-29' }, 'edit', undefined, 'customFields.due: Due takes a date (YYYY-MM-DD).'],
    [{ due: '2026-13-01' }, 'edit', undefined, 'customFields.due: Due takes a date (YYYY-MM-DD).'],
    [{ due: '2026-03-01T10:00:00Z' }, 'edit', undefined, 'customFields.due: Due takes a date (YYYY-MM-DD).'],
    [{ due: 20260301 }, 'edit', undefined, 'customFields.due: Due takes a date (YYYY-MM-DD).'],
  ] as const)('%o on %s of a %s → %s', (values, mode, type, expected) => {
    expect(customFieldProblem(typed, values, mode, type)).toBe(expected);
  });
});

describe('mergeCustomFields', () => {
  it('sets given keys, clears null and empty ones, keeps the rest', () => {
    expect(mergeCustomFields({ a: 1, b: 'x', c: true }, { a: 2, b: null, c: '', d: 'new' })).toEqual({ a: 2, d: 'new' });
  });
});
