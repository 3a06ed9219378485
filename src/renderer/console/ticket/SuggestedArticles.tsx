import { useId, useMemo } from 'react';
import type { Ticket } from '../../../shared/domain/ticket';
import { followLink, hrefOf } from '../../common/router';
import { strings } from '../../common/strings';
import { ArticleIndex } from '../kb/kbSearch';
import { useKbArticles } from '../local/deskHooks';

/** Knowledge-base articles that match this ticket's words, found in the local database. */
export function SuggestedArticles({ ticket }: { ticket: Pick<Ticket, 'subject' | 'description'> }) {
  const s = strings.kb;
  const id = useId();
  const articles = useKbArticles();
  const suggestions = useMemo(() => {
    if (!articles?.length) return [];
    const byId = new Map(articles.map((a) => [a.id, a]));
    return new ArticleIndex(articles)
      .suggest(`${ticket.subject} ${ticket.subject} ${ticket.description}`)
      .map((h) => byId.get(h.id))
      .filter((a) => a !== undefined);
  }, [articles, ticket.subject, ticket.description]);
  return (
    <section className="side-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{s.suggested}</h2>
      {suggestions.length === 0 ? (
        <p className="hint">{s.noSuggestions}</p>
      ) : (
        <ul className="side-list" aria-label={s.suggested}>
          {suggestions.map((a) => (
            <li key={a.id}>
              <a href={hrefOf(`/knowledge/${a.id}`)} onClick={(e) => followLink(e, `/knowledge/${a.id}`)}>
                {a.title}
              </a>
              <span className={`badge ${a.visibility}-badge`}>{a.visibility === 'public' ? s.public : s.internal}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
