import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { clip } from './bounded';

const run = promisify(execFile);

/**
 * Installed software, where the OS can list it: Debian packages through dpkg-query (the agent's
 * first targets are Debian and Ubuntu machines). Other systems throw with a sentence.
 */
export async function installedSoftware(timeoutMs = 5000): Promise<{ name: string; version: string }[]> {
  if (process.platform !== 'linux') throw new Error(`listing installed software is not supported on ${process.platform} yet`);
  let stdout: string;
  try {
    ({ stdout } = await run('dpkg-query', ['-W', '-f', '${db:Status-Abbrev}\t${Package}\t${Version}\n'], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'this system has no dpkg; other package managers are not listed yet' : `dpkg-query failed (${String(code ?? 'error')})`);
  }
  return stdout
    .split('\n')
    .map((line) => line.split('\t'))
    // "ii " is installed; removed packages that left their configuration behind are not software.
    .filter((parts): parts is [string, string, string] => parts.length === 3 && parts[0]!.startsWith('ii'))
    .map(([, name, version]) => ({ name: clip(name, 200), version: clip(version, 200) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
