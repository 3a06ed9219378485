import { describe, expect, it } from 'vitest';
import { TicketSearchIndex, highlight } from './ticketSearch';

const doc = (id: string, subject: string, description = '', updatedAt = '2026-11-01T00:00:00.000Z') => ({ id, subject, description, updatedAt });

describe('TicketSearchIndex', () => {
  it('finds by subject and description words, prefixes included, and needs every word', () => {
    const index = new TicketSearchIndex();
    index.sync([doc('a', 'Printer jams on floor 3', 'Every second page'), doc('b', 'VPN drops', 'Since the printer update'), doc('c', 'New laptop')]);
    expect(index.drain()).toBe(false);
    expect(index.size).toBe(3);
    expect(new Set(index.search('printer').map((h) => h.id))).toEqual(new Set(['a', 'b']));
    // Subject matches weigh more than description matches.
    expect(index.search('printer')[0]!.id).toBe('a');
    expect(index.search('lapt').map((h) => h.id)).toEqual(['c']);
    expect(index.search('printer vpn').map((h) => h.id)).toEqual(['b']);
    expect(index.search('  ')).toEqual([]);
    expect(index.search('printer')[0]!.terms).toEqual(['printer']);
  });

  it('indexes only what changed: an edit replaces the old text, a ticket gone from the database leaves the index', () => {
    const index = new TicketSearchIndex();
    index.sync([doc('a', 'Printer jams'), doc('b', 'VPN drops')]);
    index.drain();
    index.sync([doc('a', 'Printer jams'), doc('b', 'Wi-Fi drops', '', '2026-11-02T00:00:00.000Z')]);
    expect(index.backlog).toBe(1);
    index.drain();
    expect(index.search('vpn')).toEqual([]);
    expect(index.search('wi').map((h) => h.id)).toEqual(['b']);
    index.sync([doc('b', 'Wi-Fi drops', '', '2026-11-02T00:00:00.000Z')]);
    expect(index.backlog).toBe(1);
    index.drain();
    expect(index.search('printer')).toEqual([]);
    expect(index.size).toBe(1);
  });

  it('a later sync supersedes queued work for the same ticket, and drain works in slices', () => {
    const index = new TicketSearchIndex();
    index.sync([doc('a', 'Old subject')]);
    index.sync([doc('a', 'New subject', '', '2026-11-03T00:00:00.000Z')]);
    expect(index.backlog).toBe(1);
    index.drain();
    expect(index.search('old')).toEqual([]);
    expect(index.search('new').map((h) => h.id)).toEqual(['a']);

    const many = Array.from({ length: 3000 }, (_, i) => doc(`t${i}`, `Ticket number ${i}`));
    index.sync(many);
    // A zero budget still indexes one slice of 256 before it looks at the clock.
    expect(index.drain(0)).toBe(true);
    expect(index.size).toBe(1 + 256); // 'a' from before, and one slice
    while (index.drain(5));
    // The synced set no longer holds 'a', so it left the index at the end.
    expect(index.size).toBe(3000);
    expect(index.search('subject')).toEqual([]);
  });
});

describe('search over replies', () => {
  it('finds a ticket by its reply text, and re-indexes it when a reply arrives without a ticket change', () => {
    const index = new TicketSearchIndex();
    const tickets = [doc('a', 'Printer jams'), doc('b', 'VPN drops')];
    index.sync(tickets, new Map([['a', 'Replaced the fuser unit']]));
    index.drain();
    expect(index.search('fuser').map((h) => h.id)).toEqual(['a']);
    expect(index.search('token')).toEqual([]);
    // A new reply on b: the ticket itself is unchanged, the reply text grew.
    index.sync(tickets, new Map([['a', 'Replaced the fuser unit'], ['b', 'Your RSA token expired']]));
    expect(index.backlog).toBe(1);
    index.drain();
    expect(index.search('token').map((h) => h.id)).toEqual(['b']);
    // Subject words still outrank reply words.
    index.sync([...tickets, doc('c', 'Fuser warning')], new Map([['a', 'Replaced the fuser unit'], ['b', 'Your RSA token expired']]));
    index.drain();
    expect(index.search('fuser')[0]!.id).toBe('c');
    // Nothing changed: nothing to do.
    index.sync([...tickets, doc('c', 'Fuser warning')], new Map([['a', 'Replaced the fuser unit'], ['b', 'Your RSA token expired']]));
    expect(index.backlog).toBe(0);
  });
});

describe('highlight', () => {
  it.each([
    ['Printer jams on floor 3', ['printer'], [['Printer', true], [' jams on floor 3', false]]],
    ['The printer, the PRINTER', ['printer'], [['The ', false], ['printer', true], [', the ', false], ['PRINTER', true]]],
    // Only at the start of a word: "sprint" has "print" inside it.
    ['sprint print', ['print'], [['sprint ', false], ['print', true]]],
    ['VPN drops', [], [['VPN drops', false]]],
    ['a+b (c)', ['a+b'], [['a+b', true], [' (c)', false]]],
    ['Über große Drucker', ['große'], [['Über ', false], ['große', true], [' Drucker', false]]],
  ] as const)('%s / %o', (text, terms, expected) => {
    expect(highlight(text, terms).map((s) => [s.text, s.hit])).toEqual(expected);
  });
});
