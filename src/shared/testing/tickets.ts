/** Test data shared by the unit tests of several layers (imported by tests only, never by the app). */
import type { Ticket } from '../domain/ticket';

/** A UUID made from a number (000…0042), for tests that name their documents by number. */
export const testUuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * A complete, valid ticket for tests: number `n`, subject "Ticket n", open, P3, an incident from
 * the API, nothing assigned or linked, created and updated 2026-01-01, id `testUuid(n)`; `over`
 * changes what a test is about.
 */
export function testTicket(n: number, over: Partial<Ticket> = {}): Ticket {
  return {
    id: testUuid(n),
    number: n,
    subject: `Ticket ${n}`,
    description: '',
    requesterId: testUuid(900),
    cc: [],
    assigneeId: null,
    groupId: null,
    status: 'open',
    priority: 'P3',
    type: 'incident',
    category: null,
    tags: [],
    customFields: {},
    channel: 'api',
    deviceId: null,
    parentId: null,
    linkedIds: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    resolvedAt: null,
    closedAt: null,
    ...over,
  };
}
