import type { SyncSession } from '../../shared/sync/session';
import { strings } from '../common/strings';
import { useObservable } from '../common/useRx';

/** A dot and a short word for the connection; the full sentence for screen readers and on hover. */
export function SyncBadge({ session }: { session: SyncSession }) {
  const status = useObservable(session.status$, session.status$.value);
  const s = strings.tray;
  const text =
    status.connection === 'offline' ? s.offline : status.pending > 0 ? s.pending(status.pending) : status.connection === 'online' ? s.online : s.connecting;
  return (
    <span className={`sync-badge sync-${status.connection}`} role="status" title={text}>
      <span className="sync-dot" aria-hidden="true" />
      {/* Online needs no words; offline and waiting changes are worth reading. */}
      <span className={status.connection === 'online' && status.pending === 0 ? 'visually-hidden' : 'sync-text'}>
        {status.connection === 'offline' ? s.offlineShort : status.pending > 0 ? s.pending(status.pending) : text}
      </span>
    </span>
  );
}
