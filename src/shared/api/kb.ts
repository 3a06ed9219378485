import { z } from 'zod';
import { Tag, page } from '../domain/common';
import { KbArticle, KbVisibility } from '../domain/kb';

const Title = z.string().trim().min(1, 'Give the article a title.').max(200, 'Titles are at most 200 characters.');
/** Markdown, stored as written; the client renders and sanitises it. */
const Body = z.string().max(200_000, 'Articles are at most 200,000 characters.');
const Category = z.string().trim().min(1).max(80, 'Categories are at most 80 characters.').nullable();
const Tags = z.array(Tag).max(30, 'At most 30 tags.');

/** GET /api/kb — newest first; end users only ever get public articles. */
export const KbListQuery = z.strictObject({
  /** Words to find in the title or the body. */
  q: z.string().trim().max(200).optional(),
  category: z.string().max(80).optional(),
  tag: z.string().max(40).optional(),
  visibility: KbVisibility.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type KbListQuery = z.infer<typeof KbListQuery>;
export const KbArticleList = page(KbArticle);

/** POST /api/kb — new articles are internal unless said otherwise. */
export const CreateKbArticleRequest = z.strictObject({
  title: Title,
  body: Body.default(''),
  visibility: KbVisibility.default('internal'),
  category: Category.default(null),
  tags: Tags.default([]),
});
export type CreateKbArticleRequest = z.infer<typeof CreateKbArticleRequest>;

/** PATCH /api/kb/:id */
export const UpdateKbArticleRequest = z
  .strictObject({ title: Title, body: Body, visibility: KbVisibility, category: Category, tags: Tags })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field.');
export type UpdateKbArticleRequest = z.infer<typeof UpdateKbArticleRequest>;

/** GET /api/kb/categories — categories of the articles the caller can see, with how many each. */
export const KbCategoryList = z.object({
  items: z.array(z.object({ category: z.string(), count: z.number().int().nonnegative() })),
});
export type KbCategoryList = z.infer<typeof KbCategoryList>;

/** One saved state of an article. Every save (create, edit, restore) keeps one, numbered from 1. */
export const KbArticleVersion = z.object({
  articleId: z.string(),
  version: z.number().int().positive(),
  title: z.string(),
  body: z.string(),
  visibility: KbVisibility,
  category: z.string().nullable(),
  tags: z.array(z.string()),
  authorId: z.string().nullable(),
  createdAt: z.string(),
});
export type KbArticleVersion = z.infer<typeof KbArticleVersion>;

/** GET /api/kb/:id/versions — newest first, without bodies (agents and up). */
export const KbArticleVersionList = z.object({ items: z.array(KbArticleVersion.omit({ body: true })) });
export type KbArticleVersionList = z.infer<typeof KbArticleVersionList>;

/** /api/kb/:id/versions/:version */
export const KbVersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().positive().max(1_000_000) });
