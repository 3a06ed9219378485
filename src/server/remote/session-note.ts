import { createHash } from 'node:crypto';
import type { ServerContext } from '../context';
import { postTicketEvent } from '../tickets/event-routes';
import { composeSessionNote } from './ticket-note';
import { toRemoteSession, toRemoteSessionEvent, type RemoteDb, type RemoteSessionRow } from './tables';

/** The note's id follows from the session's, so however often this runs the ticket gets one note. */
export function sessionNoteId(sessionId: string): string {
  const h = createHash('sha256').update(`tandem-remote-session-note:${sessionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Writes the internal note that sums up a finished session on its ticket, through the same path
 * as a note posted to the API (so it syncs to every console like any other note), once.
 */
export async function writeSessionNote(ctx: ServerContext, db: RemoteDb, row: RemoteSessionRow): Promise<string | null> {
  if (!row.ticket_id || row.note_event_id) return row.note_event_id;
  const [agent, device, events] = await Promise.all([
    db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', row.agent_id).executeTakeFirstOrThrow(),
    db.selectFrom('devices').select(['name', 'hostname']).where('id', '=', row.device_id).executeTakeFirstOrThrow(),
    db.selectFrom('remote_session_events').selectAll().where('session_id', '=', row.id).orderBy('seq').execute(),
  ]);
  const body = composeSessionNote({ session: toRemoteSession(row), agent, device, events: events.map(toRemoteSessionEvent) });
  // Written as the agent who ran the session, with the server's authority: the ticket was checked
  // visible to them when they asked, and the record must land even if they have since lost sight of it.
  const { event } = await postTicketEvent(ctx, { id: agent.id, role: 'admin', groupIds: [] }, row.ticket_id, { id: sessionNoteId(row.id), kind: 'note', body, attachmentIds: [] });
  await db.updateTable('remote_sessions').set({ note_event_id: event.id }).where('id', '=', row.id).execute();
  return event.id;
}
