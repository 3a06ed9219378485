import { randomUUID } from 'node:crypto';
import type { CreateKbArticleRequest, UpdateKbArticleRequest } from '../../shared/api/kb';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { requirePermission } from '../http/auth-guard';
import type { KbArticleRow } from '../store/schema';
import { recordVersion } from './versions';

/** Knowledge-base writes, shared by the REST API and sync pushes so both enforce the same rules. */

export const articleNotFound = () =>
  new TandemError('not_found', 'No such article. It may have been deleted, or it is not shared with you.');

/** Writes a new article (agents and up); a client may choose its id (offline drafts). */
export async function createArticle(
  ctx: ServerContext,
  actor: Actor,
  body: CreateKbArticleRequest,
  options: { id?: string } = {},
): Promise<KbArticleRow> {
  requirePermission(actor, 'kb.write');
  const now = ctx.clock();
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('kb_articles')
      .values({
        id: options.id ?? randomUUID(),
        title: body.title,
        body: body.body,
        visibility: body.visibility,
        category: body.category,
        tags: [...new Set(body.tags)],
        author_id: actor.id,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TandemError('conflict', 'An article with this id already exists.');
    await recordVersion(trx, row, actor.id);
    return row;
  });
}

/** Changes an article (agents and up). */
export async function updateArticle(
  ctx: ServerContext,
  actor: Actor,
  id: string,
  body: UpdateKbArticleRequest,
): Promise<KbArticleRow> {
  requirePermission(actor, 'kb.write');
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('kb_articles')
      .set({ ...body, ...(body.tags ? { tags: [...new Set(body.tags)] } : {}), updated_at: ctx.clock() })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw articleNotFound();
    await recordVersion(trx, row, actor.id);
    return row;
  });
}

/**
 * Deletes an article (supervisors and admins). Soft: the row stays as a tombstone (deleted_at, and
 * a new updated_at) so clients that sync the knowledge base learn that it is gone.
 */
export async function deleteArticle(ctx: ServerContext, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'kb.delete');
  const now = ctx.clock();
  const result = await ctx.store.db
    .updateTable('kb_articles')
    .set({ deleted_at: now, updated_at: now })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw articleNotFound();
}
