import { describe, expect, it } from 'vitest';
import { TicketSearchIndex, highlight, indexTerms, queryTerms } from './ticketSearch';

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

describe('search by ticket number and requester', () => {
  const ticket = (id: string, number: number, requesterId: string, subject: string) => ({ ...doc(id, subject), number, requesterId });

  it('finds a ticket by its number, written plain, as T-n or #n, and by its requester name', () => {
    const index = new TicketSearchIndex();
    const names = new Map([['u1', 'Grace Hopper'], ['u2', 'Alan Turing']]);
    index.sync([ticket('a', 4821, 'u1', 'Printer jams'), ticket('b', 17, 'u2', 'VPN drops')], new Map(), (id) => names.get(id) ?? '');
    index.drain();
    for (const q of ['4821', 'T-4821', 't-4821', '#4821']) expect(index.search(q).map((h) => h.id)).toEqual(['a']);
    expect(index.search('grace').map((h) => h.id)).toEqual(['a']);
    expect(index.search('alan turing vpn').map((h) => h.id)).toEqual(['b']);
    expect(index.search('alan printer')).toEqual([]);
  });

  it('re-indexes only the tickets whose requester was renamed', () => {
    const index = new TicketSearchIndex();
    const names = new Map([['u1', 'Grace Hopper'], ['u2', 'Alan Turing']]);
    const tickets = [ticket('a', 1, 'u1', 'Printer jams'), ticket('b', 2, 'u2', 'VPN drops'), ticket('c', 3, 'u2', 'Laptop slow')];
    index.sync(tickets, new Map(), (id) => names.get(id) ?? '');
    index.drain();
    names.set('u2', 'Alan Kay');
    index.sync(tickets, new Map(), (id) => names.get(id) ?? '');
    expect(index.backlog).toBe(2);
    index.drain();
    expect(index.search('turing')).toEqual([]);
    expect(new Set(index.search('kay').map((h) => h.id))).toEqual(new Set(['b', 'c']));
  });
});

describe('prefixes, ranking and the result cap', () => {
  it('matches each word whole or from its third letter as a prefix; one or two letters only whole', () => {
    const index = new TicketSearchIndex();
    index.sync([doc('a', 'Printers offline'), doc('b', 'Laptop slow'), doc('c', 'La la land')]);
    index.drain();
    expect(index.search('print off').map((h) => h.id)).toEqual(['a']);
    expect(index.search('la').map((h) => h.id)).toEqual(['c']);
    expect(index.search('lap').map((h) => h.id)).toEqual(['b']);
    // The terms to highlight are what was typed, which highlight() marks at word starts.
    expect(index.search('print off')[0]!.terms).toEqual(['print', 'off']);
  });

  it('ranks subject matches above reply matches, and stops at the limit', () => {
    const index = new TicketSearchIndex();
    const many = Array.from({ length: 40 }, (_, i) => doc(`r${i}`, `Ticket ${i}`, 'Nothing here either'));
    index.sync([...many, doc('s', 'Badge reader broken')], new Map(many.map((t) => [t.id, 'We ordered a new badge'])));
    index.drain();
    const hits = index.search('badge', 10);
    expect(hits).toHaveLength(10);
    expect(hits[0]!.id).toBe('s');
    expect(index.search('badge')).toHaveLength(41);
  });

  it('a removed ticket frees its slot, and the ticket that reuses it is not confused with it', () => {
    const index = new TicketSearchIndex();
    index.sync([doc('a', 'Printer jams'), doc('b', 'VPN drops')]);
    index.drain();
    index.sync([doc('b', 'VPN drops')]);
    index.drain();
    index.sync([doc('b', 'VPN drops'), doc('c', 'Scanner offline')]);
    index.drain();
    expect(index.search('printer')).toEqual([]);
    expect(index.search('scanner').map((h) => h.id)).toEqual(['c']);
    expect(index.search('vpn').map((h) => h.id)).toEqual(['b']);
    expect(index.size).toBe(2);
  });
});

describe('queryTerms and indexTerms', () => {
  it('splits on anything but letters and digits, drops stop words and duplicates', () => {
    expect(queryTerms('The printer, the PRINTER on Wi-Fi')).toEqual(['printer', 'wi', 'fi']);
    expect(queryTerms('#42 T-7 t-8x')).toEqual(['42', '7', 't', '8x']);
    expect(queryTerms('   ')).toEqual([]);
  });

  it('indexes each word with its prefixes from three letters', () => {
    expect(indexTerms('Laptop ok')).toEqual(['laptop', 'lap', 'lapt', 'lapto', 'ok']);
    expect(indexTerms('Größe')).toEqual(['größe', 'grö', 'größ']);
  });

  it('re-indexes a ticket whose text changed though its updatedAt did not', () => {
    const index = new TicketSearchIndex();
    index.putTicket(doc('a', 'Printer jams'));
    index.drain();
    index.putTicket(doc('a', 'Scanner jams'));
    expect(index.backlog).toBe(1);
    index.drain();
    expect(index.search('printer')).toEqual([]);
    expect(index.search('scanner').map((h) => h.id)).toEqual(['a']);
    expect(index.size).toBe(1);
  });

  it('keeps a word to its first twelve letters, and finds it by any longer query of the same start', () => {
    // "authentication" (14 letters) is indexed as "authenticati" and its prefixes from three letters.
    expect(indexTerms('Authentication')).toEqual(['authenticati', ...Array.from({ length: 9 }, (_, i) => 'authentication'.slice(0, i + 3))]);
    const index = new TicketSearchIndex();
    index.sync([doc('a', 'Authentication fails'), doc('b', 'Authenticator app lost'), doc('c', 'Author missing')]);
    index.drain();
    const ids = (q: string) => index.search(q).map((h) => h.id).sort();
    expect(ids('authentication')).toEqual(['a']);
    expect(ids('authenticatio')).toEqual(['a']);
    expect(ids('authenticat')).toEqual(['a', 'b']);
    expect(ids('auth')).toEqual(['a', 'b', 'c']);
    // Highlighting marks the words as typed, not cut.
    expect(highlight('Authentication fails', index.search('authentication')[0]!.terms)).toEqual([
      { text: 'Authentication', hit: true },
      { text: ' fails', hit: false },
    ]);
  });
});

describe('several words', () => {
  it('needs every word, in any part of the ticket, and ranks tickets with them in the subject first', () => {
    const index = new TicketSearchIndex();
    const filler = 'Nothing to see in this long description of the problem at all';
    index.sync(
      [doc('late', 'Ticket one', filler), doc('early', 'Outlook password prompt', filler), doc('half', 'Outlook slow', filler), doc('none', 'Password reset', filler)],
      new Map([['late', 'outlook keeps asking for the password'], ['half', 'and the password']]),
    );
    index.drain();
    expect(index.search('outlook password').map((h) => h.id)).toEqual(['early', 'half', 'late']);
    expect(index.search('outlook password', 1).map((h) => h.id)).toEqual(['early']);
    expect(index.search('outlook nowhere')).toEqual([]);
  });
});
