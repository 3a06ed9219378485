import { readFile } from 'node:fs/promises';
import { arch, hostname, release } from 'node:os';
import type { OsInfo } from '../../shared/domain/diagnostics';
import { clip } from './bounded';
import { siOnThread } from './si-thread';

/** `/etc/os-release` (freedesktop.org format) as key → value, quotes removed. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const raw = m[2]!.trim();
    out[m[1]!] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1).replace(/\\(["'$`\\])/g, '$1') : raw;
  }
  return out;
}

/**
 * The operating system, the one section a ticket must never lack. What Node knows (platform,
 * kernel, architecture, host name) is read at once; on Linux the distribution comes from
 * `/etc/os-release` (one file read). Elsewhere systeminformation names it, which starts several
 * programs (on a thread of its own): given `nameWithinMs`, after which the section still answers,
 * without the name.
 */
export async function osFacts(nameWithinMs = 4000): Promise<OsInfo> {
  const base: OsInfo = { platform: process.platform, distro: '', release: '', kernel: release(), arch: arch(), hostname: hostname() };
  if (process.platform === 'linux') {
    const text = await readFile('/etc/os-release', 'utf8').catch(() => readFile('/usr/lib/os-release', 'utf8').catch(() => ''));
    const o = parseOsRelease(text);
    return clipped({ ...base, distro: o.PRETTY_NAME ?? o.NAME ?? '', release: o.VERSION_ID ?? '' });
  }
  const named = await siOnThread('osInfo', [], AbortSignal.timeout(nameWithinMs)).then(
    (o) => ({ distro: o.distro, release: o.release }),
    () => null,
  );
  return clipped({ ...base, ...(named ?? {}) });
}

const clipped = (o: OsInfo): OsInfo => ({
  platform: clip(o.platform, 40),
  distro: clip(o.distro, 300),
  release: clip(o.release, 300),
  kernel: clip(o.kernel, 300),
  arch: clip(o.arch, 40),
  hostname: clip(o.hostname, 255),
});
