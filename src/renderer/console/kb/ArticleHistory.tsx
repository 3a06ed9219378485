import { useMemo, useState } from 'react';
import { KbArticleVersion, KbArticleVersionList } from '../../../shared/api/kb';
import type { TandemClient } from '../../../shared/api/client';
import { KbArticle } from '../../../shared/domain/kb';
import { ErrorNote, messageOf } from '../../common/Field';
import { renderMarkdown } from '../../common/markdown';
import { strings } from '../../common/strings';
import { useApi } from '../../common/useApi';
import type { Directory } from '../local/hooks';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * An article's saved versions (from the server: history is not kept on each device), one of them
 * shown on demand, and a restore that makes it the current text again. The restored article
 * arrives in the local database through sync like any other change.
 */
export function ArticleHistory({ client, article, directory, canRestore }: { client: TandemClient; article: KbArticle; directory: Directory; canRestore: boolean }) {
  const s = strings.kb;
  // A new save (here or elsewhere) changes updatedAt, which reloads the list.
  const [versions, reload] = useApi(() => client.get(`/api/kb/${article.id}/versions`, KbArticleVersionList), `${article.id}@${article.updatedAt}`);
  const [shown, setShown] = useState<KbArticleVersion | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const html = useMemo(() => (shown ? renderMarkdown(shown.body) : ''), [shown]);
  const newest = versions.state === 'ready' ? versions.data.items[0]?.version : undefined;

  const view = async (version: number) => {
    setError(null);
    try {
      setShown(await client.get(`/api/kb/${article.id}/versions/${version}`, KbArticleVersion));
    } catch (err) {
      setError(messageOf(err, s.versionsOffline));
    }
  };
  const restore = async (version: number) => {
    setBusy(true);
    setError(null);
    try {
      await client.post(`/api/kb/${article.id}/versions/${version}/restore`, {}, KbArticle);
      setNotice(s.restored(version));
      setShown(null);
      reload();
    } catch (err) {
      setError(messageOf(err, s.versionsOffline));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="kb-history" aria-labelledby="kb-history-heading">
      <h2 id="kb-history-heading">{s.versions}</h2>
      <p className="hint">{s.versionsHint}</p>
      {notice ? (
        <p className="kb-notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? <ErrorNote message={error} /> : null}
      {versions.state === 'loading' ? <p role="status">{strings.loading}</p> : null}
      {versions.state === 'failed' ? <ErrorNote message={versions.error.status === 0 ? s.versionsOffline : versions.error.message} /> : null}
      {versions.state === 'ready' ? (
        <ol aria-label={s.versions}>
          {versions.data.items.map((v) => (
            <li key={v.version} aria-current={shown?.version === v.version ? 'true' : undefined}>
              <span className="row">
                <strong>{s.version(v.version)}</strong>
                {v.version === newest ? <span className="badge">{s.current}</span> : null}
                <button type="button" onClick={() => void view(v.version)} aria-label={`${s.view} ${s.version(v.version)}`}>
                  {s.view}
                </button>
              </span>
              <span className="hint">
                <time dateTime={v.createdAt}>{dateFormat.format(new Date(v.createdAt))}</time> · {s.by(v.authorId ? (directory.users.get(v.authorId)?.name ?? strings.ticket.someone) : strings.ticket.someone)}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      {shown ? (
        <section className="kb-version" aria-labelledby="kb-version-heading">
          <h3 id="kb-version-heading">
            {s.viewing(shown.version)}: {shown.title}
          </h3>
          {/* Sanitised by renderMarkdown (DOMPurify). */}
          <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
          <div className="actions">
            {canRestore && shown.version !== newest ? (
              <button type="button" className="primary" disabled={busy} onClick={() => void restore(shown.version)}>
                {busy ? s.restoring : s.restore}
              </button>
            ) : null}
            <button type="button" onClick={() => setShown(null)}>
              {s.close}
            </button>
          </div>
        </section>
      ) : null}
    </aside>
  );
}
