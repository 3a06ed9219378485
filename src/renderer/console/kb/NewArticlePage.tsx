import { useMemo } from 'react';
import { parseTicketNumber } from '../../../shared/domain/ticket';
import type { User } from '../../../shared/domain/user';
import { followLink, hrefOf, navigate } from '../../common/router';
import { strings } from '../../common/strings';
import { useKbArticles } from '../local/deskHooks';
import { useTicketByNumber, useTicketEvents } from '../local/hooks';
import { useLocalData } from '../local/LocalDataContext';
import { ArticleEditor, type ArticleDraft } from './ArticleEditor';
import { articleDraftFromTicket } from './articleFromTicket';

const BLANK: ArticleDraft = { title: '', body: '', visibility: 'internal', category: null, tags: [] };

/**
 * A new article, written into the local database (it syncs, so this works offline). With
 * `fromTicket` (T-1042) the form starts from that ticket's subject, description and answer.
 */
export function NewArticlePage({ user, fromTicket }: { user: User; fromTicket: string | null }) {
  const s = strings.kb;
  const { data } = useLocalData();
  const articles = useKbArticles();
  const ticket = useTicketByNumber(fromTicket ? (parseTicketNumber(fromTicket) ?? -1) : -1);
  const events = useTicketEvents(fromTicket && ticket ? ticket.id : null);
  const categories = useMemo(() => [...new Set((articles ?? []).map((a) => a.category).filter((c): c is string => !!c))].sort(), [articles]);

  // Wait for the ticket and its events, so the form starts filled in rather than changing under the cursor.
  const waiting = fromTicket !== null && (ticket === undefined || (ticket !== null && events === null));
  const initial = useMemo<ArticleDraft>(() => {
    if (!fromTicket || !ticket || !events) return BLANK;
    const draft = articleDraftFromTicket(ticket, events, { problem: s.draftProblem, resolution: s.draftResolution, source: s.draftSource });
    return { ...draft, visibility: 'internal' };
  }, [fromTicket, ticket, events, s]);

  const save = async (draft: ArticleDraft) => {
    const now = new Date().toISOString();
    const id = crypto.randomUUID();
    await data.db.kb_articles.insert({ id, ...draft, authorId: user.id, createdAt: now, updatedAt: now });
    navigate(`/knowledge/${id}`, { replace: true });
  };

  return (
    <section aria-labelledby="section-heading" className="kb-page">
      <a href={hrefOf('/knowledge')} onClick={(e) => followLink(e, '/knowledge')} className="back-link">
        ← {s.back}
      </a>
      <h1 id="section-heading">{s.newArticle}</h1>
      {fromTicket && ticket ? <p className="kb-notice">{s.fromTicket(fromTicket)}</p> : null}
      {waiting ? <p role="status">{strings.loading}</p> : <ArticleEditor key={initial === BLANK ? 'blank' : 'ticket'} initial={initial} categories={categories} onSave={save} onCancel={() => navigate('/knowledge')} />}
    </section>
  );
}
