import { useCallback, useMemo } from 'react';
import type { KbArticle } from '../../../shared/domain/kb';
import { strings } from '../../common/strings';
import { useRxQuery } from '../../common/useRx';
import { useLocalData } from '../local/LocalDataContext';
import { PickerList } from '../macros/PickerList';

/** Articles whose title or body holds every word of the query, titles first. */
export function searchArticles(articles: readonly KbArticle[], query: string): KbArticle[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...articles].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 50);
  const scored: Array<{ a: KbArticle; s: number }> = [];
  for (const a of articles) {
    const title = a.title.toLowerCase();
    const body = a.body.toLowerCase();
    if (!words.every((w) => title.includes(w) || body.includes(w))) continue;
    scored.push({ a, s: words.filter((w) => title.includes(w)).length });
  }
  return scored.sort((x, y) => y.s - x.s || y.a.updatedAt.localeCompare(x.a.updatedAt)).slice(0, 50).map((x) => x.a);
}

/** A link to an article, for a reply (the portal shows public ones to the requester). */
export const articleLink = (a: KbArticle) => `[${a.title.replace(/[[\]]/g, '')}](${location.origin}/knowledge/${a.id})`;

/** Picks a knowledge-base article (from the local database) to link or quote in the composer. */
export function KbPicker({ onInsert, onClose }: { onInsert(text: string): void; onClose(): void }) {
  const c = strings.tools.composer;
  const { db } = useLocalData().data;
  const query = useMemo(() => db.kb_articles.find(), [db]);
  const articles = useRxQuery(query) ?? [];
  const filter = useCallback((items: readonly KbArticle[], q: string) => searchArticles(items, q), []);
  return (
    <PickerList
      label={c.kb}
      searchLabel={c.kbSearch}
      empty={c.kbNone}
      items={articles}
      filter={filter}
      keyOf={(a) => a.id}
      onPick={(a) => onInsert(articleLink(a))}
      onClose={onClose}
      render={(a) => (
        <>
          <strong>{a.title}</strong> <span className="view-badge">{c.visibility[a.visibility] ?? a.visibility}</span>
        </>
      )}
      actions={(a) => (
        <>
          <button type="button" className="link" onClick={(e) => (e.stopPropagation(), onInsert(articleLink(a)))}>
            {c.kbLink}
          </button>
          <button type="button" className="link" onClick={(e) => (e.stopPropagation(), onInsert(a.body))}>
            {c.kbBody}
          </button>
        </>
      )}
    />
  );
}
