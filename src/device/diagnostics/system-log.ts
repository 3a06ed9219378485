import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { DIAGNOSTICS_LIMITS } from '../../shared/domain/diagnostics';
import { clip } from './bounded';

const run = promisify(execFile);

/** Files tried, in order, when the journal has nothing to say. */
export const SYSLOG_FILES = ['/var/log/syslog', '/var/log/messages'];

/**
 * The most recent system log lines: the systemd journal when it has entries we may read, else the
 * tail of a classic syslog file. Throws with a sentence when neither is readable, so the snapshot
 * shows the section as unavailable.
 */
export async function recentLogLines(
  limit: number = DIAGNOSTICS_LIMITS.logLines,
  timeoutMs = 3000,
  { files = SYSLOG_FILES, journal = true }: { files?: string[]; journal?: boolean } = {},
): Promise<{ source: string; lines: string[] }> {
  const tidy = (lines: string[]) =>
    lines
      .filter((l) => l.trim() !== '')
      .slice(-limit)
      .map((l) => clip(l, DIAGNOSTICS_LIMITS.logLineChars));
  if (journal) {
    try {
      const { stdout } = await run('journalctl', ['-n', String(limit), '--no-pager', '-o', 'short-iso', '-q'], { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 });
      const lines = tidy(stdout.split('\n')).filter((l) => !l.startsWith('-- No entries --'));
      if (lines.length > 0) return { source: 'journalctl', lines };
    } catch {
      // No journal, or not ours to read: try the files.
    }
  }
  for (const file of files) {
    try {
      return { source: file, lines: tidy(await tail(file, 256 * 1024)) };
    } catch {
      // Not there or not readable: try the next.
    }
  }
  throw new Error('no system log is readable here (no journal entries, no readable syslog file)');
}

/** The last `bytes` of a file as lines (the first, likely partial, line dropped when cut). */
async function tail(path: string, bytes: number): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    return start > 0 ? lines.slice(1) : lines;
  } finally {
    await handle.close();
  }
}
