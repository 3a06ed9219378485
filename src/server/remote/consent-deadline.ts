import type { RemoteSession } from '../../shared/domain/remote-session';
import type { LiveSessions } from './live-sessions';
import { toRemoteSession, type RemoteDb, type RemoteSessionRow } from './tables';

/**
 * Session rows as the API shows them, with each pending one's consent deadline: known in memory
 * for sessions run here, else read from the session's `requested` line, where the instance running
 * it wrote it (from that instance's configured consent timeout).
 */
export async function withConsentDeadlines(db: RemoteDb, live: LiveSessions, rows: RemoteSessionRow[]): Promise<RemoteSession[]> {
  const deadlines = new Map<string, Date>();
  const elsewhere: string[] = [];
  for (const row of rows) {
    if (row.status !== 'pending') continue;
    const here = live.consentDeadlineOf(row.id);
    if (here) deadlines.set(row.id, here);
    else elsewhere.push(row.id);
  }
  if (elsewhere.length) {
    const lines = await db.selectFrom('remote_session_events').select(['session_id', 'data']).where('session_id', 'in', elsewhere).where('kind', '=', 'requested').execute();
    for (const line of lines) {
      const data = typeof line.data === 'string' ? (JSON.parse(line.data) as Record<string, unknown>) : line.data;
      const at = typeof data.consentDeadline === 'string' ? new Date(data.consentDeadline) : null;
      if (at && !Number.isNaN(at.getTime())) deadlines.set(line.session_id, at);
    }
  }
  return rows.map((row) => toRemoteSession(row, deadlines.get(row.id) ?? null));
}

/** One row as the API shows it (see withConsentDeadlines). */
export async function withConsentDeadline(db: RemoteDb, live: LiveSessions, row: RemoteSessionRow): Promise<RemoteSession> {
  const [session] = await withConsentDeadlines(db, live, [row]);
  return session!;
}
