import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { OkResponse } from '../../shared/api/auth';
import { CreateKbArticleRequest, KbArticleList, KbCategoryList, KbListQuery, UpdateKbArticleRequest } from '../../shared/api/kb';
import { IdParams } from '../../shared/api/users';
import { KbArticle } from '../../shared/domain/kb';
import { TandemError } from '../../shared/errors';
import { canSeeArticle } from '../../shared/permissions';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import { decodeTimeCursor, encodeCursor, likePattern } from '../http/keyset';
import type { App } from '../http/types';
import { toArticle, visibleArticles } from './articles';

const tags = ['knowledge base'];
const notFound = () => new TandemError('not_found', 'No such article. It may have been deleted, or it is not shared with you.');

export function kbRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/kb', { onRequest: auth, schema: { tags, summary: 'Search articles, newest first (end users see public ones only)', querystring: KbListQuery, response: { 200: KbArticleList } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'kb.read_public');
    const { q, category, tag, visibility, limit, cursor } = request.query;
    let query = db.selectFrom('kb_articles').selectAll().where(visibleArticles(actor));
    if (q) {
      const like = likePattern(q);
      query = query.where((eb) => eb.or([eb('title', 'ilike', like), eb('body', 'ilike', like)]));
    }
    if (category) query = query.where('category', '=', category);
    if (tag) query = query.where(sql<boolean>`${tag} = any(tags)`);
    if (visibility) query = query.where('visibility', '=', visibility);
    if (cursor) {
      const after = decodeTimeCursor(cursor);
      query = query.where((eb) => eb(eb.refTuple('updated_at', 'id'), '<', eb.tuple(after.at, after.id)));
    }
    const rows = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toArticle), nextCursor: rows.length > limit && last ? encodeCursor([last.updated_at.toISOString(), last.id]) : null };
  });

  app.get('/api/kb/categories', { onRequest: auth, schema: { tags, summary: 'Categories of the articles you can see, with counts', response: { 200: KbCategoryList } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'kb.read_public');
    const rows = await db
      .selectFrom('kb_articles')
      .select(['category', (eb) => eb.fn.countAll<string>().as('n')])
      .where(visibleArticles(actor))
      .where('category', 'is not', null)
      .groupBy('category')
      .orderBy('category')
      .execute();
    return { items: rows.map((r) => ({ category: r.category as string, count: Number(r.n) })) };
  });

  app.get('/api/kb/:id', { onRequest: auth, schema: { tags, summary: 'One article (an internal one is 404 for end users)', params: IdParams, response: { 200: KbArticle } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'kb.read_public');
    const row = await db.selectFrom('kb_articles').selectAll().where('id', '=', request.params.id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row || !canSeeArticle(actor, row)) throw notFound();
    return toArticle(row);
  });

  app.post('/api/kb', { onRequest: auth, schema: { tags, summary: 'Write an article (agents and up); the body is Markdown, stored as written', body: CreateKbArticleRequest, response: { 201: KbArticle } } }, async (request, reply) => {
    const actor = actorOf(request);
    requirePermission(actor, 'kb.write');
    const body = request.body;
    const now = ctx.clock();
    const row = await db
      .insertInto('kb_articles')
      .values({
        id: randomUUID(),
        title: body.title,
        body: body.body,
        visibility: body.visibility,
        category: body.category,
        tags: [...new Set(body.tags)],
        author_id: actor.id,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    reply.code(201);
    return toArticle(row);
  });

  app.patch('/api/kb/:id', { onRequest: auth, schema: { tags, summary: 'Change an article (agents and up)', params: IdParams, body: UpdateKbArticleRequest, response: { 200: KbArticle } } }, async (request) => {
    requirePermission(actorOf(request), 'kb.write');
    const body = request.body;
    const row = await db
      .updateTable('kb_articles')
      .set({ ...body, ...(body.tags ? { tags: [...new Set(body.tags)] } : {}), updated_at: ctx.clock() })
      .where('id', '=', request.params.id)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound();
    return toArticle(row);
  });

  // Soft delete: the row stays as a tombstone (deleted_at, and a new updated_at) so clients that
  // sync the knowledge base learn that it is gone.
  app.delete('/api/kb/:id', { onRequest: auth, schema: { tags, summary: 'Delete an article (supervisors and admins)', params: IdParams, response: { 200: OkResponse } } }, async (request) => {
    requirePermission(actorOf(request), 'kb.delete');
    const now = ctx.clock();
    const result = await db
      .updateTable('kb_articles')
      .set({ deleted_at: now, updated_at: now })
      .where('id', '=', request.params.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound();
    return { ok: true as const };
  });
}
