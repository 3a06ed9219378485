import { sql } from 'kysely';
import { OkResponse } from '../../shared/api/auth';
import { CreateKbArticleRequest, KbArticleList, KbArticleVersion, KbArticleVersionList, KbCategoryList, KbListQuery, KbVersionParams, UpdateKbArticleRequest } from '../../shared/api/kb';
import { IdParams } from '../../shared/api/users';
import { KbArticle } from '../../shared/domain/kb';
import { canSeeArticle } from '../../shared/permissions';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import { decodeTimeCursor, encodeCursor, likePattern } from '../http/keyset';
import type { App } from '../http/types';
import { toArticle, visibleArticles } from './articles';
import { articleNotFound, createArticle, deleteArticle, updateArticle } from './service';
import { getVersion, listVersions, restoreVersion } from './versions';

const tags = ['knowledge base'];
const notFound = articleNotFound;

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
    const row = await createArticle(ctx, actorOf(request), request.body);
    reply.code(201);
    return toArticle(row);
  });

  app.patch('/api/kb/:id', { onRequest: auth, schema: { tags, summary: 'Change an article (agents and up)', params: IdParams, body: UpdateKbArticleRequest, response: { 200: KbArticle } } }, async (request) =>
    toArticle(await updateArticle(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.get('/api/kb/:id/versions', { onRequest: auth, schema: { tags, summary: "An article's saved versions, newest first, without bodies (agents and up)", params: IdParams, response: { 200: KbArticleVersionList } } }, async (request) => ({
    items: await listVersions(ctx, actorOf(request), request.params.id),
  }));

  app.get('/api/kb/:id/versions/:version', { onRequest: auth, schema: { tags, summary: 'One saved version of an article, with its body (agents and up)', params: KbVersionParams, response: { 200: KbArticleVersion } } }, async (request) =>
    getVersion(ctx, actorOf(request), request.params.id, request.params.version),
  );

  app.post('/api/kb/:id/versions/:version/restore', { onRequest: auth, schema: { tags, summary: 'Make an old version the current text again; the restore is itself a new version (agents and up)', params: KbVersionParams, response: { 200: KbArticle } } }, async (request) =>
    toArticle(await restoreVersion(ctx, actorOf(request), request.params.id, request.params.version)),
  );

  app.delete('/api/kb/:id', { onRequest: auth, schema: { tags, summary: 'Delete an article (supervisors and admins)', params: IdParams, response: { 200: OkResponse } } }, async (request) => {
    await deleteArticle(ctx, actorOf(request), request.params.id);
    return { ok: true as const };
  });
}
