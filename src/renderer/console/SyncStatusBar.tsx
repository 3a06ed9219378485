import { formatTicketNumber } from '../../shared/domain/ticket';
import { followLink, hrefOf } from '../common/router';
import { strings } from '../common/strings';
import { useRejectedChanges, useSyncStatus } from './local/hooks';
import { useLocalData } from './local/LocalDataContext';

/** The top bar's compact sync state: connection and how many local changes wait to be sent. */
export function SyncIndicator() {
  const status = useSyncStatus();
  const s = strings.sync;
  const label = status.connection === 'offline' ? s.offlineShort : status.connection === 'connecting' ? s.connecting : s.online;
  return (
    <div className="sync-indicator" role="status" aria-label={s.status}>
      <span className={`sync-dot ${status.connection}`} aria-hidden="true" />
      <span>{label}</span>
      {status.pending > 0 ? <span className="badge pending-count">{s.pending(status.pending)}</span> : null}
    </div>
  );
}

/**
 * Notices above the page: the offline banner, the first-sync progress bar, and every change the
 * server refused with what to do about it (kept until dismissed, so nothing is lost silently).
 */
export function SyncNotices() {
  const status = useSyncStatus();
  const rejected = useRejectedChanges();
  const { session } = useLocalData().data;
  const s = strings.sync;
  return (
    <div className="sync-notices">
      {status.connection === 'offline' ? (
        <div className="offline-banner" role="status">
          {s.offline}
          {status.pending > 0 ? ` ${s.pending(status.pending)}.` : ''}
        </div>
      ) : null}
      {/* Only while there is something left to bring: the session may report 0 of 0 on a fresh account. */}
      {status.firstSync && status.firstSync.total > 0 && status.firstSync.pulled < status.firstSync.total ? (
        <div className="first-sync">
          <label htmlFor="first-sync-progress">{s.firstSync}</label>
          <progress id="first-sync-progress" max={Math.max(status.firstSync.total, 1)} value={status.firstSync.pulled} />
          <span className="hint">{s.firstSyncOf(status.firstSync.pulled, status.firstSync.total)}</span>
        </div>
      ) : null}
      {rejected.length > 0 ? (
        <div className="rejected" role="alert">
          <h2>{s.rejectedHeading(rejected.length)}</h2>
          <ul>
            {rejected.map((r) => {
              const ticketNumber = typeof r.attempted.number === 'number' && r.attempted.number > 0 ? r.attempted.number : null;
              const body = typeof r.attempted.body === 'string' ? r.attempted.body : null;
              return (
                <li key={`${r.collection}:${r.id}:${r.at}`}>
                  <strong>{s.rejectedWhat[r.collection] ?? r.collection}</strong>
                  {ticketNumber ? (
                    <>
                      {' '}
                      <a href={hrefOf(`/queue/${formatTicketNumber(ticketNumber)}`)} onClick={(e) => followLink(e, `/queue/${formatTicketNumber(ticketNumber)}`)}>
                        {formatTicketNumber(ticketNumber)}
                      </a>
                    </>
                  ) : null}
                  : {r.message}
                  <div className="hint">{body ? s.rejectedReplyAdvice : s.rejectedAdvice}</div>
                  {body ? <blockquote className="rejected-body">{body}</blockquote> : null}
                </li>
              );
            })}
          </ul>
          <button type="button" onClick={() => session.dismissRejected()}>
            {s.dismiss}
          </button>
        </div>
      ) : null}
    </div>
  );
}
