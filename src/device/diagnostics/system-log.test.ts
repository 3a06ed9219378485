import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentLogLines } from './system-log';

describe('recent system log lines from a syslog file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-syslog-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps the last lines, skips blanks, and clips long ones', async () => {
    const file = join(dir, 'syslog');
    const lines = Array.from({ length: 300 }, (_, i) => `Nov 23 10:00:00 host app[1]: line ${i + 1}`);
    lines[299] = `Nov 23 10:00:00 host app[1]: ${'x'.repeat(900)}`;
    await writeFile(file, `${lines.join('\n')}\n\n`);
    const result = await recentLogLines(200, 1000, { files: [join(dir, 'missing'), file], journal: false });
    expect(result.source).toBe(file);
    expect(result.lines).toHaveLength(200);
    expect(result.lines[0]).toBe('Nov 23 10:00:00 host app[1]: line 101');
    expect(result.lines[198]).toBe('Nov 23 10:00:00 host app[1]: line 299');
    expect(result.lines[199]).toHaveLength(500);
    expect(result.lines[199]!.endsWith('…')).toBe(true);
  });

  it('says so when no log can be read', async () => {
    const locked = join(dir, 'locked');
    await writeFile(locked, 'secret\n');
    await chmod(locked, 0o000);
    const root = process.getuid?.() === 0;
    const attempt = recentLogLines(10, 1000, { files: [join(dir, 'none'), ...(root ? [] : [locked])], journal: false });
    await expect(attempt).rejects.toThrow(/no system log is readable here/);
  });
});
