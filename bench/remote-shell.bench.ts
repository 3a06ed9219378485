import { loadavg } from 'node:os';
import { echoSamples, settled, type EchoTarget } from './lib/echo';
import { BARE_BASH, shellSessionTarget, spawnPty } from './lib/pty-target';
import { emit, log, percentile, scaled, selected } from './lib/report';
import { sshdMissing, startPrivateSshd } from './lib/sshd';
import { hostedShell, messageEcho, shellStages, type TandemShell } from './lib/tandem-shell';
import { withTeardown } from './lib/teardown';
import { connectBarePair, pingSamples } from './lib/wrtc-pair';

/**
 * remote.shell.echo: keystroke echo round trip in a Tandem shell tab — the console-side RemotePeer
 * sends one character on the shell channel, the device's PTY bash echoes it, the output message
 * comes back — beside, in the same run and interleaved round by round (the machine is shared and
 * noisy): a bare data-channel ping over simple-peer + @roamhq/wrtc (the floor), `ssh -tt` to a
 * private sshd on 127.0.0.1 (OpenSSH), and the PTY with no transport at all — node-pty as it comes
 * (local-pty) and the device's own PTY wrapper (device-pty, the write path Tandem's echo takes). For attribution
 * also the shell channel's messages echoed by the device peer without a PTY (RemotePeer's own cost),
 * and, in a separate stamped pass after the figures, each stage of a Tandem echo (env.stages_separate_pass).
 *
 * Console and device run in this one process, like both ends of the bare ping: the comparison is
 * like for like (each echo is two data-channel sends and two receives on the same wrtc threads),
 * though one event loop carries both ends' work, which a real device would not share with a console.
 */
export const BENCHES = ['remote.shell.echo'] as const;

const SAMPLES = scaled(2000);
const ROUNDS = 10;
const WARMUP = 50;

interface Path {
  name: string;
  measure(n: number): Promise<number[]>;
  samples: number[];
}

await withTeardown(async (t) => {
  if (!selected('remote.shell.echo')) return;
  const paths: Path[] = [];
  const echoPath = (name: string, target: EchoTarget): Path => ({ name, measure: (n) => echoSamples(target, n), samples: [] });

  const tandem: TandemShell = t.add('tandem shell', await hostedShell(), (s) => s.close());
  await settled(tandem);
  paths.push(echoPath('tandem', tandem));

  const pair = t.add('bare pair', await connectBarePair(), (p) => p.close());
  paths.push({ name: 'wrtc-ping', measure: (n) => pingSamples(pair, n), samples: [] });

  const echo = t.add('message echo', await messageEcho(), (e) => e.close());
  paths.push(echoPath('remotepeer-message-echo', echo.target));

  // The OpenSSH peer is skipped, saying why, when sshd is not installed or will not start.
  let sshSkipped = sshdMissing();
  if (!sshSkipped) {
    try {
      const sshd = t.add('sshd', await startPrivateSshd(), (s) => s.stop());
      const ssh = t.add('ssh', spawnPty('ssh', sshd.sshArgs([...BARE_BASH])), (p) => p.kill());
      await settled(ssh);
      paths.push(echoPath('openssh', ssh));
    } catch (err) {
      sshSkipped = `the private sshd did not start: ${(err as Error).message}`;
    }
  }
  if (sshSkipped) log(`OpenSSH peer skipped: ${sshSkipped}`);

  const local = t.add('local pty', spawnPty(BARE_BASH[0], BARE_BASH.slice(1)), (p) => p.kill());
  await settled(local);
  paths.push(echoPath('local-pty', local));

  const devicePty = t.add('device pty', shellSessionTarget(), (p) => p.kill());
  await settled(devicePty);
  paths.push(echoPath('device-pty', devicePty));

  for (const p of paths) await p.measure(WARMUP);
  const perRound = Math.ceil(SAMPLES / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of paths) p.samples.push(...(await p.measure(perRound)));
    log(`round ${r + 1}/${ROUNDS}: ${paths.map((p) => `${p.name} p50 ${percentile(p.samples, 50).toFixed(3)}`).join(', ')}`);
  }

  const ours = paths[0]!.samples;
  const load = Number(loadavg()[0]!.toFixed(1));
  // After the figures, a separate stamped pass: where one echo's time goes (ms, p50 and p99).
  const stages = await shellStages(tandem, scaled(500));
  const env = { load_avg_1m: load, path: tandem.path, shell: BARE_BASH.join(' '), rounds: ROUNDS, interleaved: true, stages_separate_pass: stages };
  const at = (xs: number[], p: number) => percentile(xs, p);
  const byName = (name: string) => paths.find((p) => p.name === name)?.samples;
  for (const pct of [50, 99]) {
    const metric = `echo_p${pct}`;
    const mine = at(ours, pct);
    const ping = at(byName('wrtc-ping')!, pct);
    emit({
      bench: 'remote.shell.echo',
      metric,
      value: mine,
      unit: 'ms',
      peer: 'wrtc-datachannel-ping',
      peer_value: ping,
      ratio: ping / mine,
      added_ms: mine - ping,
      // The PTY's own echo is in our figure and not in the ping's: what is left is the transport's
      // share. device-pty is the device's PTY wrapper with no transport (the same write path).
      added_beyond_local_pty_ms: mine - ping - at(byName('local-pty')!, pct),
      added_beyond_device_pty_ms: mine - ping - at(byName('device-pty')!, pct),
      target: pct === 50 ? 'added_ms < 0.1' : 'value < 2',
      n: ours.length,
      env,
    });
    const ssh = byName('openssh');
    if (ssh) emit({ bench: 'remote.shell.echo', metric, value: mine, unit: 'ms', peer: 'openssh-ssh-tt', peer_value: at(ssh, pct), ratio: at(ssh, pct) / mine, n: ours.length, env });
    else emit({ bench: 'remote.shell.echo', metric, value: mine, unit: 'ms', peer: 'openssh-ssh-tt', skipped: sshSkipped, n: ours.length, env });
    for (const name of ['remotepeer-message-echo', 'local-pty', 'device-pty']) {
      const theirs = at(byName(name)!, pct);
      emit({ bench: 'remote.shell.echo', metric, value: mine, unit: 'ms', peer: name, peer_value: theirs, ratio: theirs / mine, n: ours.length, env });
    }
  }
});
