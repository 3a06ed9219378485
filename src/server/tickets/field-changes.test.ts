import { describe, expect, it } from 'vitest';
import type { Ticket, TicketEvent } from '../../shared/domain/ticket';
import { fieldChanges } from './field-changes';
import { eventForActor } from './mapping';

const ticket = {
  subject: 'VPN',
  cc: ['a'],
  assigneeId: null,
  status: 'new',
  priority: 'P3',
  tags: ['x'],
  customFields: { b: 1, a: 'y' },
} as unknown as Ticket;

describe('fieldChanges', () => {
  it('lists only what differs, in editable-field order, comparing arrays and objects by content', () => {
    expect(fieldChanges(ticket, { tags: ['x'], customFields: { a: 'y', b: 1 }, priority: 'P1', subject: 'VPN', status: 'open', cc: ['a', 'b'] })).toEqual([
      { field: 'cc', from: ['a'], to: ['a', 'b'] },
      { field: 'status', from: 'new', to: 'open' },
      { field: 'priority', from: 'P3', to: 'P1' },
    ]);
    expect(fieldChanges(ticket, { assigneeId: null })).toEqual([]);
  });
});

describe('eventForActor', () => {
  const base = { id: 'e', ticketId: 't', authorId: 'u', body: null, attachmentIds: [], createdAt: '2026-01-01T00:00:00.000Z' };
  const mixed: TicketEvent = { ...base, kind: 'field_change', public: true, changes: [{ field: 'status', from: 'new', to: 'open' }, { field: 'priority', from: 'P3', to: 'P1' }] };
  const triage: TicketEvent = { ...base, kind: 'field_change', public: false, changes: [{ field: 'priority', from: 'P3', to: 'P1' }] };
  const note: TicketEvent = { ...base, kind: 'note', public: false, body: 'internal', changes: null };
  const endUser = { id: 'r', role: 'end_user', groupIds: [] } as const;
  const agent = { id: 'g', role: 'agent', groupIds: [] } as const;

  it('an end user sees only the status part of a public field change, and no internal event', () => {
    expect(eventForActor(endUser, mixed)?.changes).toEqual([{ field: 'status', from: 'new', to: 'open' }]);
    expect(eventForActor(endUser, triage)).toBeNull();
    expect(eventForActor(endUser, note)).toBeNull();
    // A public field change with no status in it (should not exist) still shows nothing else.
    expect(eventForActor(endUser, { ...triage, public: true })).toBeNull();
  });

  it('agents see every event whole', () => {
    expect(eventForActor(agent, mixed)).toEqual(mixed);
    expect(eventForActor(agent, note)).toEqual(note);
  });
});
