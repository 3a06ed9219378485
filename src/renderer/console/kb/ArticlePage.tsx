import { useMemo, useState } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import type { User } from '../../../shared/domain/user';
import { renderMarkdown } from '../../common/markdown';
import { followLink, hrefOf } from '../../common/router';
import { strings } from '../../common/strings';
import { useKbArticle, useKbArticles } from '../local/deskHooks';
import { useDirectory } from '../local/hooks';
import { useLocalData } from '../local/LocalDataContext';
import { ArticleEditor, type ArticleDraft } from './ArticleEditor';
import { ArticleHistory } from './ArticleHistory';
import { VisibilityBadge } from './KnowledgePage';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One article: read it, edit it (in the local database, so offline too), and its version history. */
export function ArticlePage({ id, client, user }: { id: string; client: TandemClient; user: User }) {
  const s = strings.kb;
  const article = useKbArticle(id);
  const articles = useKbArticles();
  const directory = useDirectory();
  const { data } = useLocalData();
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState(false);
  const html = useMemo(() => renderMarkdown(article?.body ?? ''), [article?.body]);
  const categories = useMemo(() => [...new Set((articles ?? []).map((a) => a.category).filter((c): c is string => !!c))].sort(), [articles]);

  const back = (
    <a href={hrefOf('/knowledge')} onClick={(e) => followLink(e, '/knowledge')} className="back-link">
      ← {s.back}
    </a>
  );
  if (article === undefined) return <p role="status">{strings.loading}</p>;
  if (article === null) {
    return (
      <section aria-labelledby="section-heading" className="kb-page">
        {back}
        <h1 id="section-heading">{s.heading}</h1>
        <div className="empty-state">{s.notHere}</div>
      </section>
    );
  }

  const save = async (draft: ArticleDraft) => {
    const doc = await data.db.kb_articles.findOne(id).exec();
    await doc?.incrementalPatch({ ...draft, updatedAt: new Date().toISOString() });
    setEditing(false);
  };
  const author = article.authorId ? (directory.users.get(article.authorId)?.name ?? strings.ticket.someone) : strings.ticket.someone;

  return (
    <article aria-labelledby="section-heading" className="kb-page">
      {back}
      <div className="kb-article-head">
        <h1 id="section-heading">{editing ? `${s.edit}: ${article.title}` : article.title}</h1>
        <VisibilityBadge visibility={article.visibility} />
        {!editing ? (
          <div className="actions">
            <button type="button" onClick={() => setEditing(true)}>
              {s.edit}
            </button>
            <button type="button" aria-expanded={history} onClick={() => setHistory((h) => !h)}>
              {history ? s.hideHistory : s.history}
            </button>
          </div>
        ) : null}
      </div>
      <p className="hint">
        {article.category ?? s.uncategorised}
        {article.tags.length ? ` · ${article.tags.join(', ')}` : ''} · {s.updated} <time dateTime={article.updatedAt}>{dateFormat.format(new Date(article.updatedAt))}</time> · {s.by(author)}
      </p>
      {editing ? (
        <ArticleEditor initial={article} categories={categories} onSave={save} onCancel={() => setEditing(false)} />
      ) : (
        <div className="kb-article">
          {/* Sanitised by renderMarkdown (DOMPurify). */}
          <div className="kb-read markdown" dangerouslySetInnerHTML={{ __html: html }} />
          {history ? <ArticleHistory client={client} article={article} directory={directory} canRestore={user.role !== 'end_user'} /> : null}
        </div>
      )}
    </article>
  );
}
