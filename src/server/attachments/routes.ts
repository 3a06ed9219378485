import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import { ATTACHMENT_FILE_FIELD, AttachmentParams, TEXT_ATTACHMENT_TYPES, UploadForm } from '../../shared/api/attachments';
import { Attachment } from '../../shared/domain/attachment';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import type { AttachmentRow } from '../store/schema';
import { canReadAttachment } from './access';
import { TextSniffer, attachmentType } from './file-type-check';
import { attachmentDisposition, displayFilename } from './filenames';

const tags = ['attachments'];
const notFound = () => new TandemError('not_found', 'No such attachment, or it is not shared with you.');

const toAttachment = (r: AttachmentRow): Attachment => ({
  id: r.id,
  ticketId: r.ticket_id,
  uploaderId: r.uploader_id,
  filename: r.filename,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  createdAt: r.created_at.toISOString(),
});

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** Upload (multipart, streamed to disk), metadata and content of attachments. */
export async function attachmentRoutes(app: App, ctx: ServerContext): Promise<void> {
  const auth = authenticate(ctx);
  const db = ctx.store.db;
  const limit = ctx.config.maxAttachmentBytes;

  const readable = async (actor: Actor, id: string): Promise<AttachmentRow> => {
    const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(await canReadAttachment(db, actor, row))) throw notFound();
    return row;
  };

  // Multipart parsing is registered for this plugin only, so no other route accepts form uploads.
  await app.register(async (scope: App) => {
    await scope.register(multipart, { limits: { fileSize: limit, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: false });

    scope.post(
      '/api/attachments',
      {
        onRequest: auth,
        schema: {
          tags,
          summary: `Upload one file (multipart field "${ATTACHMENT_FILE_FIELD}"); it stays private to you until a reply or note names it`,
          // Documents the form for OpenAPI; the file itself is read from the stream in the handler.
          consumes: ['multipart/form-data'],
          body: UploadForm,
          response: { 201: Attachment },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        requirePermission(actor, 'attachments.upload');
        if (!request.isMultipart()) {
          throw new TandemError('unsupported_media_type', `Send the file as multipart/form-data in a field named "${ATTACHMENT_FILE_FIELD}".`);
        }
        const part = await request.file();
        if (!part) throw new TandemError('validation_failed', `Choose a file to upload (form field "${ATTACHMENT_FILE_FIELD}").`);
        if (part.fieldname !== ATTACHMENT_FILE_FIELD) {
          part.file.resume();
          throw new TandemError('validation_failed', `Send the file in a form field named "${ATTACHMENT_FILE_FIELD}".`);
        }

        const id = randomUUID();
        const partial = join(ctx.attachmentsDir, `${id}.part`);
        const final = join(ctx.attachmentsDir, id);
        const filename = displayFilename(part.filename);
        try {
          const hash = createHash('sha256');
          const sniffer = new TextSniffer();
          let size = 0;
          const measure = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              hash.update(chunk);
              sniffer.feed(chunk);
              size += chunk.length;
              done(null, chunk);
            },
          });
          await pipeline(part.file, measure, createWriteStream(partial, { flags: 'wx' }));
          if (part.file.truncated) {
            throw new TandemError('payload_too_large', `This file is larger than the ${megabytes(limit)} (${limit} bytes) limit. Attach a smaller file or compress it.`);
          }
          if (size === 0) throw new TandemError('validation_failed', 'This file is empty. Choose a file with something in it.');
          const mime = await attachmentType(partial, part.mimetype, filename, sniffer.isText());
          await rename(partial, final);
          const row = await db
            .insertInto('attachments')
            .values({ id, ticket_id: null, uploader_id: actor.id, filename, mime, size, sha256: hash.digest('hex'), storage_key: id, created_at: ctx.clock() })
            .returningAll()
            .executeTakeFirstOrThrow();
          reply.code(201);
          return toAttachment(row);
        } catch (err) {
          // Nothing half-written stays behind: not the partial file, nor a renamed one without a row.
          await rm(partial, { force: true });
          await rm(final, { force: true });
          throw err;
        }
      },
    );
  });

  app.get('/api/attachments/:id', { onRequest: auth, schema: { tags, summary: 'About one attachment (its uploader; once on a ticket, whoever may see it there)', params: AttachmentParams, response: { 200: Attachment } } }, async (request) => {
    return toAttachment(await readable(actorOf(request), request.params.id));
  });

  app.get('/api/attachments/:id/content', { onRequest: auth, schema: { tags, summary: 'The bytes of one attachment, as a download', params: AttachmentParams } }, async (request, reply) => {
    const row = await readable(actorOf(request), request.params.id);
    const path = join(ctx.attachmentsDir, row.storage_key);
    const found = await stat(path).catch(() => null);
    if (!found) {
      request.log.error({ attachmentId: row.id }, 'attachment file missing from the attachments folder');
      throw new TandemError('not_found', 'The file of this attachment is missing on the server. Ask an admin to restore it from a backup.');
    }
    const isText = row.mime in TEXT_ATTACHMENT_TYPES;
    reply
      .header('content-type', isText ? `${row.mime}; charset=utf-8` : row.mime)
      .header('content-length', String(found.size))
      .header('content-disposition', attachmentDisposition(row.filename))
      .header('x-content-type-options', 'nosniff')
      // Opened directly in a browser it is still inert: no scripts, no same-origin access.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store');
    return reply.send(createReadStream(path));
  });
}
