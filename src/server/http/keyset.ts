import { TandemError } from '../../shared/errors';

/**
 * Opaque cursors for keyset pagination: the sort key of the last item of a page, base64url JSON.
 * Keyset (not offset) so a page does not shift when rows are added while someone scrolls.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const badCursor = () => new TandemError('validation_failed', 'cursor: this cursor is not valid. Start again from the first page.');

/** Decodes a cursor made by `encodeCursor` into a time and an id (the common sort key). */
export function decodeTimeCursor(cursor: string): { at: Date; id: string } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string' || typeof key[1] !== 'string') throw badCursor();
  const at = new Date(key[0]);
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(key[1])) throw badCursor();
  return { at, id: key[1] };
}

/** Decodes a cursor made by `encodeCursor` into a text key and an id. */
export function decodeTextCursor(cursor: string): { text: string; id: string } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string' || typeof key[1] !== 'string') throw badCursor();
  if (!/^[0-9a-f-]{36}$/i.test(key[1])) throw badCursor();
  return { text: key[0], id: key[1] };
}

/** Escapes `%`, `_` and `\` so user words match literally inside an ILIKE pattern. */
export function likePattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
