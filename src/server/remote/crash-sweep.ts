import { sql } from 'kysely';
import type { InstanceBus } from '../bus/instance-bus';
import { INSTANCE_STALE_MS } from '../bus/tables';
import type { ServerContext } from '../context';
import { endLeftBehind } from './left-behind';
import type { LiveSessions } from './live-sessions';
import type { RemoteDb } from './tables';

/** How often a running instance looks for sessions left open by an instance that died. */
export const DEFAULT_SWEEP_INTERVAL_MS = 15_000;
/**
 * A session whose record names no instance (it never reached one: the instance that took the
 * request died before offering it) is left alone this long, so a request being offered right now
 * through another instance (at most a few seconds) is never mistaken for one left behind.
 */
export const UNOFFERED_GRACE_MS = 60_000;
const SWEEP_BATCH = 200;

export const LEFT_BEHIND_REASON = 'The Tandem server running this session stopped without ending it (it crashed or was cut off); another server instance closed it.';

interface Orphan {
  id: string;
  status: 'pending' | 'active';
  owner: string | null;
}

/**
 * Ends the sessions a dead server instance left open. A session runs on one instance (LiveSessions),
 * which writes its own id into the session's `requested` line. When that instance stops
 * heartbeating (server_instances, see src/server/bus), no one will ever time its consent out, relay
 * its signals or end it: so every instance, at start and then every
 * {@link DEFAULT_SWEEP_INTERVAL_MS}, ends those sessions (`failed` if still pending, `ended` if
 * active) with {@link LEFT_BEHIND_REASON} in the record, and writes the ticket note as a normal
 * end does. Several instances sweeping at once is safe: the row is ended by one of them only.
 */
export class CrashSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly log;

  constructor(
    private readonly ctx: ServerContext,
    private readonly db: RemoteDb,
    private readonly live: LiveSessions,
    private readonly bus: Pick<InstanceBus, 'instanceId'>,
    private readonly intervalMs = ctx.config.remoteSweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
  ) {
    this.log = ctx.log.child({ module: 'remote-sessions' });
  }

  /** Sweeps once now (resolves when done) and then every interval until stopped. */
  async start(): Promise<void> {
    await this.sweepNow();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.sweepNow(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the interval and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One sweep, not overlapping another; answers how many sessions it ended. Failures are logged. */
  sweepNow(): Promise<number> {
    const next = this.running.then(() => (this.stopped ? 0 : this.sweep())).catch((err: unknown) => {
      this.log.error({ err }, 'sweep of sessions left by a dead server instance failed');
      return 0;
    });
    this.running = next;
    return next;
  }

  private async sweep(): Promise<number> {
    const orphans = await this.orphans();
    let ended = 0;
    for (const orphan of orphans) {
      if (this.live.has(orphan.id)) continue; // run here: this instance is alive, whatever its heartbeat row says
      const row = await endLeftBehind(this.ctx, this.db, this.log, orphan.id, {
        status: orphan.status === 'pending' ? 'failed' : 'ended',
        reason: LEFT_BEHIND_REASON,
        endedBy: 'server',
        data: { leftBy: orphan.owner, sweptBy: this.bus.instanceId },
      });
      if (row) {
        ended++;
        this.log.warn({ sessionId: orphan.id, leftBy: orphan.owner, status: row.status }, 'remote session left open by a dead server instance ended');
      }
    }
    return ended;
  }

  /** Pending or active sessions whose instance is gone (or that no instance ever offered). */
  private async orphans(): Promise<Orphan[]> {
    const unofferedBefore = new Date(this.ctx.clock().getTime() - UNOFFERED_GRACE_MS);
    const { rows } = await sql<Orphan>`
      select s.id, s.status, e.data ->> 'instanceId' as owner
      from remote_sessions s
      left join remote_session_events e on e.session_id = s.id and e.kind = 'requested'
      where s.status in ('pending', 'active')
        and (e.data ->> 'instanceId' is not null or s.requested_at < ${unofferedBefore})
        and not exists (
          select 1 from server_instances i
          where i.id::text = e.data ->> 'instanceId'
            and i.seen_at > now() - make_interval(secs => ${INSTANCE_STALE_MS / 1000})
        )
      order by s.requested_at
      limit ${SWEEP_BATCH}
    `.execute(this.db);
    return rows;
  }
}
