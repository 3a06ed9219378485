import { useId, useState, type FormEvent } from 'react';
import { ratingOfResolution, ratingRefusal } from '../../shared/domain/rating';
import type { Ticket, TicketEvent } from '../../shared/domain/ticket';
import type { User } from '../../shared/domain/user';
import { ErrorNote, messageOf } from '../common/Field';
import { strings } from '../common/strings';
import type { TrayData } from './local/trayData';

interface Props {
  ticket: Ticket;
  user: User;
  events: readonly TicketEvent[];
  data: TrayData;
}

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * Rate a resolved request, 1 to 5 with an optional comment, once per resolution. The rating is a
 * `rating` event written to the local database (so it works offline) and synced; the server
 * checks the same rule (shared/domain/rating.ts). Once given, it is shown instead of the form.
 */
export function RateTicket({ ticket, user, events, data }: Props) {
  const s = strings.tray;
  const r = strings.rating;
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const commentId = useId();
  const headingId = useId();

  const given = ratingOfResolution(user.id, ticket, events);
  if (given?.score) {
    return (
      <p className="tray-rating-given" role="status">
        {s.yourRating(given.score)} ({r.scores[given.score]})
        {given.body ? <span className="hint"> — “{given.body}”</span> : null}
      </p>
    );
  }
  if (ratingRefusal(user.id, ticket, events)) return null;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (score === null) return;
    setError(null);
    try {
      await data.db.ticket_events.insert({
        id: crypto.randomUUID(),
        ticketId: ticket.id,
        kind: 'rating',
        public: true,
        authorId: user.id,
        body: comment.trim() || null,
        changes: null,
        attachmentIds: [],
        createdAt: new Date().toISOString(),
        score,
      });
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    }
  };

  return (
    <form className="tray-rating" aria-labelledby={headingId} onSubmit={(e) => void send(e)}>
      <h2 id={headingId}>{s.rateHeading}</h2>
      <p className="hint">{s.rateIntro}</p>
      <div className="tray-rating-scores" role="radiogroup" aria-label={r.scoreLabel}>
        {SCORES.map((n) => (
          <label key={n} className={score === n ? 'score current' : 'score'}>
            <input type="radio" name={`rating-${ticket.id}`} value={n} checked={score === n} onChange={() => setScore(n)} />
            <span aria-hidden="true">{n}</span>
            <span className="score-label">{r.scores[n]}</span>
          </label>
        ))}
      </div>
      <div className="field">
        <label htmlFor={commentId}>{s.rateComment}</label>
        <textarea id={commentId} rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <ErrorNote message={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={score === null}>
          {s.sendRating}
        </button>
      </div>
    </form>
  );
}
