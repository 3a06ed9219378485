import { describe, expect, it } from 'vitest';
import type { ReportOverview } from '../../../shared/api/reports';
import { csvField, reportCsv } from './reportCsv';

const A = '11111111-1111-4111-8111-111111111111';
const G = '22222222-2222-4222-8222-222222222222';

const REPORT: ReportOverview = {
  range: { from: '2026-01-01', to: '2026-01-03', tz: 'Europe/Paris', groupId: null, days: 3 },
  generatedAt: '2026-01-04T08:00:00.000Z',
  perDay: [
    { day: '2026-01-01', created: 2, resolved: 0 },
    { day: '2026-01-02', created: 0, resolved: 1 },
    { day: '2026-01-03', created: 1, resolved: 1 },
  ],
  totals: { created: 3, resolved: 2 },
  backlog: {
    total: 4,
    byStatus: [
      { status: 'new', count: 1 },
      { status: 'open', count: 2 },
      { status: 'pending', count: 1 },
      { status: 'on_hold', count: 0 },
    ],
    byPriority: [
      { priority: 'P1', count: 1 },
      { priority: 'P2', count: 0 },
      { priority: 'P3', count: 3 },
      { priority: 'P4', count: 0 },
    ],
    byGroup: [
      { groupId: G, name: 'Service desk, Paris', count: 3 },
      { groupId: null, name: null, count: 1 },
    ],
  },
  firstResponse: { count: 2, medianSeconds: 5400, p90Seconds: 9000, awaiting: 1 },
  resolution: { count: 2, medianSeconds: 90_000, p90Seconds: null },
  satisfaction: { count: 2, average: 4.5, distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: score >= 4 ? 1 : 0 })) },
  agents: [{ userId: A, name: 'Ada "the fixer" Lovelace', resolved: 2, publicReplies: 5, firstResponses: 2, firstResponseMedianSeconds: 5400 }],
  categories: [{ category: 'Hardware', count: 2 }],
  tags: [
    { tag: '-vpn', count: 2 },
    { tag: 'printer', count: 1 },
  ],
};

describe('CSV fields', () => {
  it.each([
    [null, ''],
    [0, '0'],
    [4.5, '4.5'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-vpn', "'-vpn"],
    ['@team', "'@team"],
  ])('%j → %s', (value, text) => {
    expect(csvField(value)).toBe(text);
  });
});

describe('report CSV', () => {
  const csv = reportCsv(REPORT, { group: null });
  const blocks = csv.trimEnd().split('\r\n\r\n').map((b) => b.split('\r\n'));
  const block = (title: string) => blocks.find((b) => b[0] === title);

  it('ends lines with CRLF and separates tables by one empty line', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n').filter((l) => /[\r\n]/.test(l))).toEqual([]);
    expect(blocks.length).toBe(10);
  });

  it('starts with what the report covers', () => {
    expect(blocks[0]).toEqual(['Tandem report', 'From,2026-01-01', 'To,2026-01-03', 'Time zone,Europe/Paris', 'Group,All groups', 'Computed at,2026-01-04T08:00:00.000Z']);
    expect(reportCsv(REPORT, { group: 'Network team' })).toContain('\r\nGroup,Network team\r\n');
  });

  it('has the summary figures, times in minutes', () => {
    expect(block('Summary')).toEqual([
      'Summary',
      'Figure,Value',
      'Tickets created,3',
      'Tickets resolved,2',
      'Open backlog,4',
      'Tickets with a first response,2',
      'First response median (minutes),90',
      'First response 90th percentile (minutes),150',
      'Open tickets without a first response,1',
      'Resolution median (minutes),1500',
      'Resolution 90th percentile (minutes),',
      'Ratings,2',
      'Satisfaction average (1-5),4.5',
    ]);
  });

  it('has every day, the backlog breakdowns, satisfaction, agents and top lists', () => {
    expect(block('Created and resolved per day')).toEqual(['Created and resolved per day', 'Day,Created,Resolved', '2026-01-01,2,0', '2026-01-02,0,1', '2026-01-03,1,1']);
    expect(block('Open backlog: By status')).toEqual(['Open backlog: By status', 'Status,Open tickets', 'New,1', 'Open,2', 'Pending,1', 'On hold,0']);
    expect(block('Open backlog: By priority')?.slice(2)).toEqual(['P1,1', 'P2,0', 'P3,3', 'P4,0']);
    expect(block('Open backlog: By group')?.slice(2)).toEqual(['"Service desk, Paris",3', 'No group,1']);
    expect(block('Satisfaction')?.slice(1)).toEqual(['Rating,Ratings', '1,0', '2,0', '3,0', '4,1', '5,1']);
    expect(block('Agents')).toEqual([
      'Agents',
      'Agent,Resolved,Public replies,First responses,Median first response (minutes)',
      '"Ada ""the fixer"" Lovelace",2,5,2,90',
    ]);
    expect(block('Top categories')).toEqual(['Top categories', 'Category,Tickets', 'Hardware,2']);
    expect(block('Top tags')).toEqual(['Top tags', 'Tag,Tickets', "'-vpn,2", 'printer,1']);
  });
});
