import MiniSearch from 'minisearch';

/** The part of an article the search reads. */
export interface SearchableArticle {
  id: string;
  title: string;
  body: string;
  category: string | null;
  tags: string[];
}

/** Words too common in tickets and articles to say what either is about. */
const STOP_WORDS = new Set(
  'a an and are as at be but by can could do does for from has have how i if in is it its me my no not of on or our please so that the their then there this to up was we what when where which who why will with you your hi hello thanks thank regards'.split(' '),
);

const processTerm = (term: string): string | null => {
  const t = term.toLowerCase();
  return t.length < 2 || STOP_WORDS.has(t) ? null : t;
};

/**
 * A local MiniSearch index of knowledge-base articles: title, body, category and tags. A help desk
 * has hundreds of articles, not hundreds of thousands, so the index is simply rebuilt when the
 * articles change.
 */
export class ArticleIndex {
  private readonly index = new MiniSearch<SearchableArticle>({
    fields: ['title', 'body', 'category', 'tagText'],
    storeFields: [],
    extractField: (doc, field) => (field === 'tagText' ? doc.tags.join(' ') : ((doc as unknown as Record<string, string | null>)[field] ?? '')),
    processTerm,
  });

  constructor(articles: readonly SearchableArticle[]) {
    this.index.addAll(articles.map((a) => ({ id: a.id, title: a.title, body: a.body, category: a.category, tags: a.tags })));
  }

  /** Articles matching every word typed (the last one as a prefix), best first. */
  search(query: string): { id: string; terms: string[] }[] {
    if (!query.trim()) return [];
    return this.index
      .search(query, { boost: { title: 3, tagText: 2, category: 1.5 }, prefix: (_t, i, terms) => i === terms.length - 1, fuzzy: 0.15, combineWith: 'AND' })
      .map((r) => ({ id: String(r.id), terms: r.terms }));
  }

  /**
   * Articles that look relevant to a ticket's text (subject and description): any of its words
   * may match, close spellings too; a result needs at least two distinct matching words, or one in
   * the title, so a single common word does not suggest everything.
   */
  suggest(text: string, limit = 5): { id: string; terms: string[] }[] {
    const words = [...new Set(text.split(/[^\p{L}\p{N}]+/u).map((w) => processTerm(w)).filter((w): w is string => w !== null && w.length > 2))].slice(0, 40);
    if (words.length === 0) return [];
    const hits = this.index.search(words.join(' '), { boost: { title: 3, tagText: 2 }, fuzzy: 0.2, prefix: true, combineWith: 'OR' });
    return hits
      .filter((h) => h.terms.length >= 2 || Object.values(h.match).some((fields) => fields.includes('title')))
      .slice(0, limit)
      .map((h) => ({ id: String(h.id), terms: h.terms }));
  }
}
