import { z } from 'zod';
import { Id, Timestamp } from './common';

/** Types an attachment may have; anything else is refused on upload. */
export const ALLOWED_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'application/zip',
  'application/gzip',
] as const;

export const Attachment = z.object({
  id: Id,
  ticketId: Id.nullable(),
  uploaderId: Id,
  filename: z.string().min(1).max(255),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().length(64),
  createdAt: Timestamp,
});
export type Attachment = z.infer<typeof Attachment>;
