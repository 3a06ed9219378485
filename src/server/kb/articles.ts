import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import type { KbArticle } from '../../shared/domain/kb';
import { can } from '../../shared/permissions';
import type { Database, KbArticleRow } from '../store/schema';

/** Maps a knowledge-base row to the API's KbArticle. */
export function toArticle(row: KbArticleRow): KbArticle {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    visibility: row.visibility,
    category: row.category,
    tags: row.tags,
    authorId: row.author_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * The SQL form of `canSeeArticle`: live (not deleted) articles, and only public ones for roles
 * that may not read internal articles. Every query that lists articles goes through this, so a
 * list can never show what a single read would refuse.
 */
export function visibleArticles(actor: Actor) {
  const internal = can(actor.role, 'kb.read_internal');
  return (eb: ExpressionBuilder<Database, 'kb_articles'>) =>
    internal ? eb('kb_articles.deleted_at', 'is', null) : eb.and([eb('kb_articles.deleted_at', 'is', null), eb('kb_articles.visibility', '=', 'public')]);
}
