import { describe, expect, it } from 'vitest';
import { TicketEvent } from '../../../shared/domain/ticket';
import { draftEvent, newEventId, parseTags } from './ticketEdits';

describe('parseTags', () => {
  it.each([
    ['vpn, urgent  laptop', ['vpn', 'urgent', 'laptop']],
    ['vpn,vpn, VPN', ['vpn', 'VPN']],
    ['  ,, ', []],
    ['floor-3\nprinter', ['floor-3', 'printer']],
  ])('%j', (text, expected) => expect(parseTags(text)).toEqual(expected));
});

describe('draftEvent', () => {
  it('makes a reply the server schema accepts: public, the author, trimmed body, no changes', () => {
    const e = draftEvent({ ticketId: '0b3c8f5e-3f4a-4c59-9b1e-2d8f7f4a1c11', kind: 'reply', body: '  Hello  \n', authorId: '7d1f0e52-8c0a-4f7e-a1d2-6b9c3e4f5a60', now: new Date('2026-11-23T10:00:00Z') });
    expect(TicketEvent.parse(e)).toEqual(e);
    expect(e).toMatchObject({ kind: 'reply', public: true, body: 'Hello', changes: null, attachmentIds: [], createdAt: '2026-11-23T10:00:00.000Z' });
  });
  it('an internal note is never public', () => {
    const e = draftEvent({ ticketId: '0b3c8f5e-3f4a-4c59-9b1e-2d8f7f4a1c11', kind: 'note', body: 'x', authorId: '7d1f0e52-8c0a-4f7e-a1d2-6b9c3e4f5a60', now: new Date() });
    expect(e.public).toBe(false);
  });
});

it('event ids are version-4 UUIDs and do not repeat', () => {
  const ids = new Set(Array.from({ length: 1000 }, () => newEventId()));
  expect(ids.size).toBe(1000);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
