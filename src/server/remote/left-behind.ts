import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerContext } from '../context';
import { writeSessionNote } from './session-note';
import type { RemoteDb, RemoteSessionRow } from './tables';

export interface LeftBehindEnd {
  status: 'ended' | 'failed';
  reason: string;
  endedBy: 'agent' | 'server';
  /** Extra facts for the `ended` line (which instance was gone, who noticed). */
  data?: Record<string, unknown>;
}

/**
 * Ends a session that no live instance runs (its instance crashed, or it never reached one): the
 * row, only if it is still pending or active (so of two instances ending it at once, one does), an
 * `ended` line at the end of its record, and the note on its ticket as a normal end writes it.
 * Answers the ended row, or null when it was already over. Only for sessions no instance runs: the
 * running instance numbers its own record lines.
 */
export async function endLeftBehind(ctx: ServerContext, db: RemoteDb, log: Pick<FastifyBaseLogger, 'error'>, id: string, end: LeftBehindEnd): Promise<RemoteSessionRow | null> {
  const now = ctx.clock();
  const ended = (await db
    .updateTable('remote_sessions')
    .set({ status: end.status, reason: end.reason, ended_by: end.endedBy, ended_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'active'])
    .returningAll()
    .executeTakeFirst()) as RemoteSessionRow | undefined;
  if (!ended) return null;
  const last = await db.selectFrom('remote_session_events').select((eb) => eb.fn.max('seq').as('seq')).where('session_id', '=', id).executeTakeFirst();
  await db
    .insertInto('remote_session_events')
    .values({
      id: randomUUID(),
      session_id: id,
      seq: Number(last?.seq ?? 0) + 1,
      kind: 'ended',
      source: end.endedBy,
      data: JSON.stringify({ status: end.status, reason: end.reason, endedBy: end.endedBy, notRunHere: true, ...end.data }),
      at: now,
    })
    .execute();
  await writeSessionNote(ctx, db, ended).catch((err: unknown) => log.error({ err, sessionId: id }, 'session note not written on the ticket'));
  return ended;
}
