import { strings } from '../../common/strings';
import { useTicketViewers } from '../local/deskHooks';

/**
 * "Who else is viewing": the other agents with this ticket open right now, live from the sync
 * stream. Announced politely to screen readers, since it changes while one works.
 */
export function PresenceBar({ ticketId, userId }: { ticketId: string; userId: string }) {
  const s = strings.ticketTools;
  const others = useTicketViewers(ticketId).filter((v) => v.id !== userId);
  return (
    <p className={`presence-bar${others.length ? ' active' : ''}`} role="status" aria-live="polite" data-testid="presence">
      {others.length ? (
        <>
          <span className="presence-dot" aria-hidden="true" />
          <span className="visually-hidden">{s.viewingLabel(others.map((o) => o.name).join(', '))}</span>
          <span aria-hidden="true">
            {s.viewing}:{' '}
            {others.map((o) => (
              <span key={o.id} className="presence-name">
                {o.name}
              </span>
            ))}
          </span>
        </>
      ) : (
        <span className="hint">{s.viewingAlone}</span>
      )}
    </p>
  );
}
