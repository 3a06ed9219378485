import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { RemoteSessionEventKind } from '../../shared/domain/remote-session';
import type { Clock } from '../context';
import type { RemoteDb } from './tables';

/** One line's data is at most this big as JSON; a bigger line is cut (see `boundData`). */
export const RECORD_LINE_MAX_CHARS = 16 * 1024;
/** A session's record from the device holds at most this much; past it, lines are dropped (and that is said once). */
export const RECORD_SESSION_MAX_CHARS = 4 * 1024 * 1024;
/** …and at most this many lines (a flood of tiny lines is as useless as a huge one). */
export const RECORD_SESSION_MAX_LINES = 50_000;
/** Device lines wait at most this long to be written together (a busy shell sends many pieces). */
const BATCH_MS = 200;
const BATCH_MAX_LINES = 200;

export interface RecordLine {
  kind: RemoteSessionEventKind;
  source: 'agent' | 'device' | 'server';
  data: Record<string, unknown>;
}

/**
 * Keeps a line's data within {@link RECORD_LINE_MAX_CHARS}: long strings (a transcript piece) are
 * cut and marked, so the record stays readable rather than refused.
 */
export function boundData(data: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(data);
  if (text.length <= RECORD_LINE_MAX_CHARS) return data;
  const bounded: Record<string, unknown> = {};
  let budget = RECORD_LINE_MAX_CHARS - 200;
  for (const [key, value] of Object.entries(data).slice(0, 40)) {
    if (budget <= 0) break;
    if (typeof value === 'string') {
      const kept = value.slice(0, Math.max(0, budget));
      bounded[key] = kept;
      budget -= JSON.stringify(kept).length + key.length + 4;
    } else {
      const json = JSON.stringify(value) ?? 'null';
      if (json.length > budget) continue;
      bounded[key] = value;
      budget -= json.length + key.length + 4;
    }
  }
  bounded.cut = true;
  return bounded;
}

/**
 * The append-only record of one session, written in order. Lines from the device are batched into
 * one insert every {@link BATCH_MS}; the server's own lines (granted, ended…) flush at once, so
 * anyone reading the record after a state change sees it. Sequence numbers come from here: only
 * the instance running the session writes its record (the unique key would refuse a second writer).
 */
export class SessionRecord {
  private nextSeq: number;
  private queued: (RecordLine & { at: Date })[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private deviceChars = 0;
  private deviceLines = 0;
  private overflowSaid = false;

  constructor(
    private readonly db: RemoteDb,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    readonly sessionId: string,
    lastSeq = 0,
  ) {
    this.nextSeq = lastSeq + 1;
  }

  /** Queues a line from the device; false when the record is full and the line was dropped. */
  fromDevice(kind: RemoteSessionEventKind, data: Record<string, unknown>): boolean {
    const bounded = boundData(data);
    const size = JSON.stringify(bounded).length;
    if (this.deviceChars + size > RECORD_SESSION_MAX_CHARS || this.deviceLines >= RECORD_SESSION_MAX_LINES) {
      if (!this.overflowSaid) {
        this.overflowSaid = true;
        this.queue({ kind, source: 'server', data: { recordFull: true, note: 'The record of this session is full; later lines from the device were not kept.' } });
      }
      return false;
    }
    this.deviceChars += size;
    this.deviceLines += 1;
    this.queue({ kind, source: 'device', data: bounded });
    return true;
  }

  /** Appends a line now (with everything queued before it) and resolves once it is written. */
  async now(line: RecordLine): Promise<void> {
    this.queue({ ...line, data: boundData(line.data) });
    await this.flush();
  }

  /** Writes everything queued so far. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queued;
    this.queued = [];
    if (batch.length > 0) {
      const rows = batch.map((line) => ({
        id: randomUUID(),
        session_id: this.sessionId,
        seq: this.nextSeq++,
        kind: line.kind,
        source: line.source,
        data: JSON.stringify(line.data),
        at: line.at,
      }));
      this.writing = this.writing.then(() =>
        this.db
          .insertInto('remote_session_events')
          .values(rows)
          .execute()
          .then(
            () => undefined,
            (err: unknown) => this.log.error({ err, sessionId: this.sessionId, lines: rows.length }, 'session record lines not written'),
          ),
      );
    }
    return this.writing;
  }

  private queue(line: RecordLine): void {
    this.queued.push({ ...line, at: this.clock() });
    if (this.queued.length >= BATCH_MAX_LINES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), BATCH_MS);
  }
}
