import { z } from 'zod';
import { Id, Tag, Timestamp } from './common';

export const KbVisibility = z.enum(['public', 'internal']);
export type KbVisibility = z.infer<typeof KbVisibility>;

export const KbArticle = z.object({
  id: Id,
  title: z.string().min(1).max(200),
  body: z.string().max(200_000),
  visibility: KbVisibility,
  category: z.string().max(80).nullable(),
  tags: z.array(Tag).max(30),
  authorId: Id.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type KbArticle = z.infer<typeof KbArticle>;
