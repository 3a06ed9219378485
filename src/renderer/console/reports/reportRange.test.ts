import { describe, expect, it } from 'vitest';
import { customRangeProblem, decodeReportSelection, encodeReportSelection, rangeOf, todayIn, type ReportSelection } from './reportRange';

const G = '11111111-1111-4111-8111-111111111111';

describe('report range presets', () => {
  it.each([
    ['7', '2026-03-10', '2026-03-04'],
    ['30', '2026-03-10', '2026-02-09'],
    ['90', '2026-03-10', '2025-12-11'],
    // Across a year end and a leap day.
    ['7', '2026-01-02', '2025-12-27'],
    ['30', '2024-03-15', '2024-02-15'],
  ] as const)('last %s days up to %s start on %s, today included', (preset, today, from) => {
    expect(rangeOf({ kind: 'preset', preset, groupId: null }, today)).toEqual({ from, to: today });
  });

  it('a custom range is taken as it is', () => {
    expect(rangeOf({ kind: 'custom', from: '2025-01-01', to: '2025-01-31', groupId: null }, '2026-03-10')).toEqual({ from: '2025-01-01', to: '2025-01-31' });
  });

  it("today is the day where the reader is, not in UTC", () => {
    const instant = new Date('2026-03-10T23:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2026-03-10');
    expect(todayIn('Europe/Paris', instant)).toBe('2026-03-11'); // 00:30 there
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-03-10'); // 16:30 there
    expect(todayIn('Pacific/Kiritimati', new Date('2026-12-31T10:30:00Z'))).toBe('2027-01-01'); // UTC+14
  });
});

describe('custom range checks', () => {
  it.each([
    ['2026-01-01', '2026-01-01', null],
    ['2026-01-01', '', 'incomplete'],
    ['2026-02-30', '2026-03-01', 'incomplete'],
    ['2026-01-02', '2026-01-01', 'reversed'],
    ['2024-01-01', '2024-12-31', null], // 366 days, a leap year
    ['2025-01-01', '2026-01-02', 'too_long'], // 367 days
  ] as const)('%s to %s → %s', (from, to, problem) => {
    expect(customRangeProblem(from, to)).toBe(problem);
  });
});

describe('report selection in the URL', () => {
  it('the default (last 30 days, all groups) is an empty query string', () => {
    expect(encodeReportSelection({ kind: 'preset', preset: '30', groupId: null }).toString()).toBe('');
    expect(decodeReportSelection(new URLSearchParams())).toEqual({ kind: 'preset', preset: '30', groupId: null });
  });

  it.each<[ReportSelection, string]>([
    [{ kind: 'preset', preset: '7', groupId: null }, 'range=7'],
    [{ kind: 'preset', preset: '90', groupId: G }, `range=90&group=${G}`],
    [{ kind: 'preset', preset: '30', groupId: G }, `group=${G}`],
    [{ kind: 'custom', from: '2026-01-01', to: '2026-01-31', groupId: null }, 'from=2026-01-01&to=2026-01-31'],
    [{ kind: 'custom', from: '2026-01-01', to: '2026-01-31', groupId: G }, `from=2026-01-01&to=2026-01-31&group=${G}`],
  ])('%j ⇄ %s', (selection, text) => {
    expect(encodeReportSelection(selection).toString()).toBe(text);
    expect(decodeReportSelection(new URLSearchParams(text))).toEqual(selection);
  });

  it('drops each value that does not parse, on its own', () => {
    expect(decodeReportSelection(new URLSearchParams('range=14&group=sales'))).toEqual({ kind: 'preset', preset: '30', groupId: null });
    expect(decodeReportSelection(new URLSearchParams(`from=2026-01-01&to=soon&range=7&group=${G}`))).toEqual({ kind: 'preset', preset: '7', groupId: G });
  });

  it('keeps a reversed custom range of real days, for the server to explain', () => {
    expect(decodeReportSelection(new URLSearchParams('from=2026-02-01&to=2026-01-01'))).toEqual({ kind: 'custom', from: '2026-02-01', to: '2026-01-01', groupId: null });
  });
});
