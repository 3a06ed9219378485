import { useEffect, useState } from 'react';
import { KbArticleList } from '../../shared/api/kb';
import type { TandemClient } from '../../shared/api/client';
import type { KbArticle } from '../../shared/domain/kb';
import type { TandemDatabase } from '../../shared/sync/database';
import { renderMarkdown } from '../common/markdown';
import { strings } from '../common/strings';
import { searchWordsOf } from './kbSearch';

const WAIT_MS = 300;

/**
 * Help articles matching what the user is typing. The server's `q` matches one phrase, so each
 * telling word is asked for (GET /api/kb?q=, public articles only for an end user) and articles
 * matching more of the words come first. Offline, the articles synced to this computer are
 * searched the same way.
 */
async function findArticles(client: TandemClient, db: TandemDatabase, text: string): Promise<KbArticle[]> {
  const words = searchWordsOf(text);
  if (words.length === 0) return [];
  let lists: KbArticle[][];
  try {
    lists = await Promise.all(words.map((w) => client.get(`/api/kb?q=${encodeURIComponent(w)}&limit=5`, KbArticleList).then((p) => p.items)));
  } catch {
    const all = (await db.kb_articles.find({ selector: { visibility: 'public' } }).exec()).map((a) => a.toJSON() as KbArticle);
    lists = words.map((w) => all.filter((a) => `${a.title} ${a.body}`.toLowerCase().includes(w)));
  }
  const hits = new Map<string, { article: KbArticle; count: number }>();
  for (const list of lists) for (const a of list) hits.set(a.id, { article: a, count: (hits.get(a.id)?.count ?? 0) + 1 });
  return [...hits.values()].sort((a, b) => b.count - a.count).slice(0, 3).map((h) => h.article);
}

interface Props {
  client: TandemClient;
  db: TandemDatabase;
  subject: string;
  onSolved(article: KbArticle): void;
}

/** Suggestions while typing the subject; each can be read in place and can end the request there. */
export function KbSuggestions({ client, db, subject, onSolved }: Props) {
  const [found, setFound] = useState<{ for: string; articles: KbArticle[] } | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const query = subject.trim();

  useEffect(() => {
    if (query.length < 3) return;
    let live = true;
    const timer = setTimeout(() => {
      void findArticles(client, db, query).then((articles) => live && setFound({ for: query, articles }));
    }, WAIT_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, db, query]);

  const articles = query.length >= 3 && found ? found.articles : [];
  if (articles.length === 0) return null;
  const s = strings.tray;
  return (
    <section className="tray-suggestions" aria-labelledby="suggestions-heading" aria-live="polite">
      <h2 id="suggestions-heading">{s.suggestionsHeading}</h2>
      <ul>
        {articles.map((a) => (
          <li key={a.id}>
            <div className="tray-suggestion-head">
              <span>{a.title}</span>
              <button type="button" className="link" aria-expanded={reading === a.id} onClick={() => setReading(reading === a.id ? null : a.id)}>
                {reading === a.id ? s.hideArticle : s.readArticle}
              </button>
            </div>
            {reading === a.id ? (
              <div className="tray-article">
                {/* renderMarkdown sanitises its HTML (DOMPurify). */}
                <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(a.body) }} />
                <button type="button" onClick={() => onSolved(a)}>
                  {s.solvedIt}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
