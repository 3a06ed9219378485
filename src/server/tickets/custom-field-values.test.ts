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

describe('mergeCustomFields', () => {
  it('sets given keys, clears null and empty ones, keeps the rest', () => {
    expect(mergeCustomFields({ a: 1, b: 'x', c: true }, { a: 2, b: null, c: '', d: 'new' })).toEqual({ a: 2, d: 'new' });
  });
});
