import { z } from 'zod';
import { Id } from '../domain/common';

// POST /api/attachments takes multipart/form-data with one file in the field `file` and answers
// 201 with the Attachment (unlinked: ticketId null until a reply or note names it).

/** The multipart field the file goes in. */
export const ATTACHMENT_FILE_FIELD = 'file';

/** Types that have no magic bytes: accepted only as UTF-8 text, when the name or declared type says so. */
export const TEXT_ATTACHMENT_TYPES = {
  'text/plain': ['.txt', '.log'],
  'text/csv': ['.csv'],
  'application/json': ['.json'],
} as const;

/** GET /api/attachments/:id and /api/attachments/:id/content */
export const AttachmentParams = z.strictObject({ id: Id });

/** The upload form as OpenAPI shows it; the server reads the file as a stream, not through this schema. */
export const UploadForm = z
  .object({ [ATTACHMENT_FILE_FIELD]: z.string().meta({ format: 'binary', description: 'The file.' }) })
  .nullish();
