import type { Subscription } from 'rxjs';
import { formatTicketNumber } from '../../../shared/domain/ticket';
import type { TandemDatabase } from '../../../shared/sync/database';
import { strings } from '../../common/strings';

/**
 * Asks for a desktop notification for each new public reply from someone else. "New" means after
 * a watermark kept per user (the newest reply already announced; on first use, now), so the
 * history that arrives with the first sync, or again after a restart, announces nothing.
 */
export function notifyNewReplies(db: TandemDatabase, userId: string, notify: (title: string, body: string) => void): Subscription {
  const key = `tandem.tray.repliesSeenUntil.${userId}`;
  let watermark = localStorage.getItem(key) ?? new Date().toISOString();
  localStorage.setItem(key, watermark);
  return db.ticket_events.find({ selector: { kind: 'reply', public: true } }).$.subscribe((events) => {
    const fresh = events.filter((e) => e.createdAt > watermark && e.authorId !== userId);
    if (fresh.length === 0) return;
    watermark = fresh.reduce((max, e) => (e.createdAt > max ? e.createdAt : max), watermark);
    localStorage.setItem(key, watermark);
    for (const event of fresh) {
      void db.tickets
        .findOne(event.ticketId)
        .exec()
        .then((ticket) => notify(strings.tray.notifyTitle(ticket ? formatTicketNumber(ticket.number) : strings.tray.ticketsTab), (event.body ?? '').slice(0, 200)));
    }
  });
}
