import { z } from 'zod';

/** Server-made or client-made identifiers are UUIDs (v4 or v7). */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** Timestamps cross every boundary as ISO-8601 strings in UTC. */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/** An email address as stored and sent (already lower-case). */
export const EmailAddress = z.email().max(254);

/** An email address as typed: trimmed and lower-cased before it is checked. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address.' }).max(254, 'Email addresses are at most 254 characters.'));

export const Tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}_\-.:]+$/u, 'Tags are single words: letters, digits, - _ . :');

/** A page of results with an opaque cursor for the next one. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
