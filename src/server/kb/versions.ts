import type { Kysely } from 'kysely';
import type { KbArticleVersion } from '../../shared/api/kb';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { requirePermission } from '../http/auth-guard';
import type { Database, KbArticleRow } from '../store/schema';
import { articleNotFound, updateArticle } from './service';

/**
 * Article versions: every save keeps the state it saved (see migration 0006), so an agent can read
 * what an article said before and bring it back. History is for the people who write articles
 * (`kb.write`): an earlier state of a public article may hold text that was internal then.
 */

/** Keeps `row` as the article's next version; call in the transaction that saved it. */
export async function recordVersion(db: Kysely<Database>, row: KbArticleRow, authorId: string): Promise<void> {
  const last = await db
    .selectFrom('kb_article_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('article_id', '=', row.id)
    .executeTakeFirst();
  await db
    .insertInto('kb_article_versions')
    .values({
      article_id: row.id,
      version: Number(last?.v ?? 0) + 1,
      title: row.title,
      body: row.body,
      visibility: row.visibility,
      category: row.category,
      tags: row.tags,
      author_id: authorId,
      created_at: row.updated_at,
    })
    .execute();
}

async function liveArticle(db: Kysely<Database>, id: string): Promise<void> {
  const row = await db.selectFrom('kb_articles').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw articleNotFound();
}

type VersionRow = { article_id: string; version: number; title: string; body: string; visibility: 'public' | 'internal'; category: string | null; tags: string[]; author_id: string | null; created_at: Date };

const toVersion = (r: VersionRow): KbArticleVersion => ({
  articleId: r.article_id,
  version: r.version,
  title: r.title,
  body: r.body,
  visibility: r.visibility,
  category: r.category,
  tags: r.tags,
  authorId: r.author_id,
  createdAt: r.created_at.toISOString(),
});

/** An article's versions, newest first, without their bodies. */
export async function listVersions(ctx: ServerContext, actor: Actor, id: string): Promise<Omit<KbArticleVersion, 'body'>[]> {
  requirePermission(actor, 'kb.write');
  await liveArticle(ctx.store.db, id);
  const rows = await ctx.store.db
    .selectFrom('kb_article_versions')
    .select(['article_id', 'version', 'title', 'visibility', 'category', 'tags', 'author_id', 'created_at'])
    .where('article_id', '=', id)
    .orderBy('version', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => {
    const { body: _body, ...rest } = toVersion({ ...r, body: '' });
    return rest;
  });
}

const noSuchVersion = () => new TandemError('not_found', 'This article has no such version. Pick one from its history.');

/** One version of an article, with its body. */
export async function getVersion(ctx: ServerContext, actor: Actor, id: string, version: number): Promise<KbArticleVersion> {
  requirePermission(actor, 'kb.write');
  await liveArticle(ctx.store.db, id);
  const row = await ctx.store.db.selectFrom('kb_article_versions').selectAll().where('article_id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!row) throw noSuchVersion();
  return toVersion(row);
}

/** Brings an old version back as the article's current state; that save is a new version. */
export async function restoreVersion(ctx: ServerContext, actor: Actor, id: string, version: number): Promise<KbArticleRow> {
  const v = await getVersion(ctx, actor, id, version);
  return updateArticle(ctx, actor, id, { title: v.title, body: v.body, visibility: v.visibility, category: v.category, tags: v.tags });
}
