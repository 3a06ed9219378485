import type { TicketSort } from '../../shared/api/tickets';
import { TandemError } from '../../shared/errors';

/**
 * Keyset position of the last ticket of a page: the values of the sort's columns, then the id.
 * Sent to clients as base64url JSON; they must treat it as opaque.
 */
export interface TicketCursor {
  sort: TicketSort;
  /** Priority (sort `priority` only). */
  priority?: string;
  /** ISO time of updated_at (updated_desc, priority) or created_at (created_desc). */
  at: string;
  id: string;
}

/** Encodes a cursor for the `nextCursor` of a page. */
export function encodeCursor(c: TicketCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.priority ?? null, c.at, c.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decodes a cursor given back by a client; refuses one made for another sort or tampered with. */
export function decodeCursor(raw: string, sort: TicketSort): TicketCursor {
  const bad = () => new TandemError('bad_request', 'This page cursor is not valid for this list. Start again from the first page.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw bad();
  const [s, priority, at, id] = parsed as unknown[];
  if (s !== sort || typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !UUID.test(id)) throw bad();
  if (sort === 'priority' ? typeof priority !== 'string' || !/^P[1-4]$/.test(priority) : priority !== null) throw bad();
  return { sort, ...(typeof priority === 'string' ? { priority } : {}), at, id };
}
