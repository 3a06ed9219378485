import { useId, useMemo, useState } from 'react';
import type { KbArticle } from '../../../shared/domain/kb';
import type { User } from '../../../shared/domain/user';
import type { TandemClient } from '../../../shared/api/client';
import { followLink, hrefOf, navigate, useRoute } from '../../common/router';
import { strings } from '../../common/strings';
import { useKbArticles } from '../local/deskHooks';
import { ArticlePage } from './ArticlePage';
import { NewArticlePage } from './NewArticlePage';
import { ArticleIndex } from './kbSearch';
import './kb.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** /knowledge, /knowledge/new (optionally ?ticket=T-1042) and /knowledge/<article id>. */
export function KnowledgePage({ path, client, user }: { path: string; client: TandemClient; user: User }) {
  const route = useRoute();
  const rest = path.slice('/knowledge'.length).replace(/^\//, '');
  if (rest === 'new') return <NewArticlePage user={user} fromTicket={route.query.get('ticket')} />;
  if (rest) return <ArticlePage id={decodeURIComponent(rest)} client={client} user={user} />;
  return <ArticleList />;
}

/** Badge for an article's visibility. */
export function VisibilityBadge({ visibility }: { visibility: KbArticle['visibility'] }) {
  const s = strings.kb;
  return <span className={`badge ${visibility}-badge`}>{visibility === 'public' ? s.public : s.internal}</span>;
}

/** First words of the Markdown body, without its markup, for the list. */
const excerpt = (body: string) => body.replace(/<[^>]*>/g, ' ').replace(/[#*_`>[\]()!-]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 180);

function ArticleList() {
  const s = strings.kb;
  const articles = useKbArticles();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [visibility, setVisibility] = useState('');
  const ids = { search: useId(), category: useId(), visibility: useId(), hint: useId() };

  const index = useMemo(() => (articles ? new ArticleIndex(articles) : null), [articles]);
  const categories = useMemo(() => [...new Set((articles ?? []).map((a) => a.category).filter((c): c is string => !!c))].sort(), [articles]);
  const shown = useMemo(() => {
    if (!articles || !index) return [];
    const byId = new Map(articles.map((a) => [a.id, a]));
    const base = query.trim() ? index.search(query).map((h) => byId.get(h.id)).filter((a): a is KbArticle => !!a) : articles;
    return base.filter((a) => (!category || a.category === category) && (!visibility || a.visibility === visibility));
  }, [articles, index, query, category, visibility]);

  return (
    <section aria-labelledby="section-heading" className="kb-page">
      <div className="kb-head">
        <h1 id="section-heading">{s.heading}</h1>
        <div className="actions">
          <button type="button" className="primary" onClick={() => navigate('/knowledge/new')}>
            {s.newArticle}
          </button>
        </div>
      </div>
      <div className="kb-filters" role="search">
        <div className="field search-field">
          <label htmlFor={ids.search}>{s.search}</label>
          <input id={ids.search} type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={ids.hint} />
          <p className="hint" id={ids.hint}>
            {s.searchHint}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.category}>{s.category}</label>
          <select id={ids.category} value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{s.allCategories}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.visibility}>{s.visibility}</label>
          <select id={ids.visibility} value={visibility} onChange={(e) => setVisibility(e.target.value)}>
            <option value="">{s.anyVisibility}</option>
            <option value="public">{s.public}</option>
            <option value="internal">{s.internal}</option>
          </select>
        </div>
      </div>
      {articles === null ? <p role="status">{strings.loading}</p> : null}
      {articles && articles.length === 0 ? <div className="empty-state">{s.empty}</div> : null}
      {articles && articles.length > 0 ? (
        <>
          <p className="hint" role="status">
            {shown.length === 0 ? s.noMatch : s.count(shown.length, articles.length)}
          </p>
          <ul className="kb-list" aria-label={s.listLabel}>
            {shown.map((a) => (
              <li key={a.id} className="kb-item">
                <a href={hrefOf(`/knowledge/${a.id}`)} onClick={(e) => followLink(e, `/knowledge/${a.id}`)}>
                  {a.title}
                </a>
                <VisibilityBadge visibility={a.visibility} />
                <p className="kb-excerpt">{excerpt(a.body)}</p>
                <div className="kb-meta">
                  <span>{a.category ?? s.uncategorised}</span>
                  {a.tags.length ? <span>· {a.tags.join(', ')}</span> : null}
                  <span>
                    · {s.updated} <time dateTime={a.updatedAt}>{dateFormat.format(new Date(a.updatedAt))}</time>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
