import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** BENCH_SSHD names another sshd binary (or a missing one, to see the peer skipped). */
const SSHD = process.env.BENCH_SSHD ?? '/usr/sbin/sshd';
/** Where a root sshd wants its privilege-separation folder (compiled in; the package's service makes it). */
const PRIVSEP_DIR = '/run/sshd';

/** Why the OpenSSH peer cannot run here, or null when it can. */
export function sshdMissing(): string | null {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`;
  for (const tool of ['/usr/bin/ssh', '/usr/bin/ssh-keygen']) if (!existsSync(tool)) return `${tool} is not installed (openssh-client)`;
  return null;
}

export interface PrivateSshd {
  port: number;
  /** The `ssh` arguments that log in to it as the current user and run `command` in a PTY (`-tt`). */
  sshArgs(command: string[]): string[];
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for sshd to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private OpenSSH server for one benchmark run: its own host key, an authorized key made for the
 * run, a config in a temp folder, listening on a spare 127.0.0.1 port, run as the current user in
 * the foreground (`-D`). Nothing of the machine's own ssh setup is read or changed, apart from
 * creating sshd's privilege-separation folder when running as root and it is missing (removed
 * again on stop).
 */
export async function startPrivateSshd(): Promise<PrivateSshd> {
  const why = sshdMissing();
  if (why) throw new Error(why);
  const dir = await mkdtemp(join(tmpdir(), 'tandem-bench-sshd-'));
  let child: ChildProcess | null = null;
  let madePrivsep = false;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (madePrivsep) await rmdir(PRIVSEP_DIR).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const hostKey = join(dir, 'host_ed25519');
    const userKey = join(dir, 'user_ed25519');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tandem-bench-host', '-f', hostKey]);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tandem-bench-user', '-f', userKey]);
    await writeFile(join(dir, 'authorized_keys'), await readFile(`${userKey}.pub`), { mode: 0o600 });
    const config = join(dir, 'sshd_config');
    await writeFile(
      config,
      [
        `HostKey ${hostKey}`,
        'ListenAddress 127.0.0.1',
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        `PidFile ${join(dir, 'sshd.pid')}`,
        'PrintMotd no',
        'PrintLastLog no',
        'UseDNS no',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    if (process.getuid?.() === 0 && !existsSync(PRIVSEP_DIR)) {
      await mkdir(PRIVSEP_DIR, { mode: 0o755 });
      madePrivsep = true;
    }
    const port = await freePort();
    child = spawn(SSHD, ['-D', '-e', '-f', config, '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const knownHosts = join(dir, 'known_hosts');
    const base = ['-F', '/dev/null', '-i', userKey, '-p', String(port), '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'LogLevel=ERROR', '-o', 'ControlMaster=no', '-o', 'ControlPath=none'];
    const target = `${userInfo().username}@127.0.0.1`;
    // Ready when a login runs a command.
    const end = Date.now() + 10_000;
    for (;;) {
      try {
        const { stdout } = await run('ssh', [...base, target, 'echo', 'ready'], { timeout: 5000 });
        if (stdout.trim() === 'ready') break;
      } catch (err) {
        if (child.exitCode !== null || Date.now() > end) throw new Error(`private sshd did not accept a login: ${(err as Error).message.trim()} ${stderr.trim()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return { port, sshArgs: (command) => ['-tt', ...base, target, ...command], stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
