import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { InstalledSoftware } from '../../shared/domain/diagnostics';
import { clip } from './bounded';

const run = promisify(execFile);

type Package = Required<InstalledSoftware>;

/**
 * One package manager the agent can ask: the command, and how to read its answer. Every one that
 * exists on the machine is asked (a Fedora laptop may have rpm, flatpak and snap packages at once).
 */
interface SoftwareSource {
  source: Package['source'];
  command: string;
  args: string[];
  parse(stdout: string): { name: string; version: string }[];
}

/** `dpkg-query -W` with status, name, version: only "ii" (installed) rows are software. */
export function parseDpkg(stdout: string): { name: string; version: string }[] {
  return stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((parts): parts is [string, string, string] => parts.length === 3 && parts[0]!.startsWith('ii'))
    .map(([, name, version]) => ({ name, version }));
}

/** `rpm -qa` with NAME, EPOCH, VERSION-RELEASE; the gpg-pubkey pseudo-packages are keys, not software. */
export function parseRpm(stdout: string): { name: string; version: string }[] {
  return stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((parts): parts is [string, string, string] => parts.length === 3 && parts[0] !== '' && parts[0] !== 'gpg-pubkey')
    .map(([name, epoch, version]) => ({ name, version: epoch && epoch !== '(none)' ? `${epoch}:${version}` : version }));
}

/** `flatpak list --app --columns=application,version,branch`: apps without a version show their branch. */
export function parseFlatpak(stdout: string): { name: string; version: string }[] {
  return stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((parts) => parts.length >= 2 && parts[0] !== '' && parts[0] !== 'Application ID')
    .map(([name, version, branch]) => ({ name: name!, version: version || branch || '' }));
}

/** `snap list`: a header line, then whitespace-aligned columns Name, Version, Rev, … */
export function parseSnap(stdout: string): { name: string; version: string }[] {
  const [header, ...rows] = stdout.split('\n');
  if (!header?.startsWith('Name')) return [];
  return rows
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length >= 2 && parts[0] !== '')
    .map(([name, version]) => ({ name: name!, version: version! }));
}

const SOURCES: SoftwareSource[] = [
  { source: 'deb', command: 'dpkg-query', args: ['-W', '-f', '${db:Status-Abbrev}\t${Package}\t${Version}\n'], parse: parseDpkg },
  { source: 'rpm', command: 'rpm', args: ['-qa', '--queryformat', '%{NAME}\t%{EPOCH}\t%{VERSION}-%{RELEASE}\n'], parse: parseRpm },
  { source: 'flatpak', command: 'flatpak', args: ['list', '--app', '--columns=application,version,branch'], parse: parseFlatpak },
  { source: 'snap', command: 'snap', args: ['list', '--unicode=never', '--color=never'], parse: parseSnap },
];

/** What one source answered: its packages, absent (no such command), or why it failed. */
type Answer = { packages: Package[] } | { absent: true } | { failed: string };

async function ask(s: SoftwareSource, timeoutMs: number): Promise<Answer> {
  try {
    const { stdout } = await run(s.command, s.args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } });
    return { packages: s.parse(stdout).map((p) => ({ name: clip(p.name, 200), version: clip(p.version, 200), source: s.source })) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { absent: true };
    return { failed: `${s.command} failed (${String(code ?? 'error')})` };
  }
}

/**
 * Installed software, where the OS can list it: Debian packages (dpkg), RPM packages, and Flatpak
 * and Snap apps, from every package manager present, sorted by name. Throws with a sentence when
 * none is present, or every one present failed.
 */
export async function installedSoftware(timeoutMs = 5000): Promise<Package[]> {
  if (process.platform !== 'linux') throw new Error(`listing installed software is not supported on ${process.platform} yet`);
  const answers = await Promise.all(SOURCES.map((s) => ask(s, timeoutMs)));
  const listed = answers.filter((a): a is { packages: Package[] } => 'packages' in a);
  const failures = answers.filter((a): a is { failed: string } => 'failed' in a).map((a) => a.failed);
  if (listed.length === 0) {
    throw new Error(failures.length ? failures.join('; ') : 'this system has none of dpkg, rpm, flatpak or snap to list installed software with');
  }
  return listed.flatMap((a) => a.packages).sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source));
}
