import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodePeer } from '../../src/device/remote/node-peer';
import { ShellSession } from '../../src/device/shell';
import { RemotePeer } from '../../src/shared/remote/peer';
import type { EchoTarget } from './echo';
import { bareBashAsLoginShell, openConsoleSession, startHost } from './hosted';
import { percentile } from './report';
import { withTimeout } from './wrtc-pair';

/** One Tandem shell tab as seen from the console side, as an echo target. */
export interface TandemShell extends EchoTarget {
  /** What was measured, for the JSON `env`. */
  path: string;
  close(): Promise<void>;
}

/** Signals two RemotePeers to each other directly and waits until both are connected. */
export async function connectPeers(device: RemotePeer, console_: RemotePeer): Promise<void> {
  device.onSignal((s) => console_.signal(s));
  console_.onSignal((s) => device.signal(s));
  const up = (p: RemotePeer) => new Promise<void>((resolve, reject) => p.onState((s, detail) => (s === 'connected' ? resolve() : s === 'failed' || s === 'closed' ? reject(new Error(`peer ${s}: ${detail ?? ''}`)) : undefined)));
  await withTimeout(Promise.all([up(device), up(console_)]), 15_000, 'the remote peers did not connect');
}

/** Console side of the shell channel: opens `tab` and turns its output messages into an echo target. */
export async function consoleShellTab(peer: RemotePeer, tab: string): Promise<EchoTarget> {
  const listeners = new Set<(data: string) => void>();
  peer.on('shell', (m) => {
    if (m.t === 'output' && m.tab === tab) for (const l of listeners) l(m.data);
  });
  const opened = new Promise<void>((resolve) => peer.on('shell', (m) => m.t === 'opened' && m.tab === tab && resolve()));
  peer.send('shell', { t: 'open', tab, cols: 120, rows: 40 });
  await withTimeout(opened, 15_000, 'the shell tab did not open');
  return {
    type: (data) => peer.send('shell', { t: 'input', tab, data }),
    onOutput: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The shell channel's messaging alone, for attribution: the device-side RemotePeer answers each
 * `input` with an `output` of the same data at once, no PTY. Between the bare ping and this lies
 * RemotePeer's cost (JSON, schema check, outbox); between this and the shell tab lies the PTY.
 */
export async function messageEcho(): Promise<{ target: EchoTarget; close(): void }> {
  const device = createNodePeer({ initiator: true, iceServers: [], rights: ['shell'] });
  const console_ = createNodePeer({ initiator: false, iceServers: [], rights: ['shell'] });
  const close = () => {
    console_.close();
    device.close();
  };
  try {
    device.on('shell', (m) => {
      if (m.t === 'input') device.send('shell', { t: 'output', tab: m.tab, data: m.data === '\x7f' ? '\b \b' : m.data });
    });
    await connectPeers(device, console_);
    const listeners = new Set<(data: string) => void>();
    console_.on('shell', (m) => {
      if (m.t === 'output') for (const l of listeners) l(m.data);
    });
    return {
      target: {
        type: (data) => console_.send('shell', { t: 'input', tab: 'echo', data }),
        onOutput: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}

/**
 * A shell tab over Tandem's real device path: the session host (unattended offer, shell right)
 * with its shell tabs (node-pty, output gathered per event-loop turn), reached by a console-side
 * RemotePeer. The host's terminal runs bash without rc files (see {@link bareBashAsLoginShell}).
 */
export async function hostedShell(): Promise<TandemShell> {
  const undoShell = await bareBashAsLoginShell();
  const folder = await mkdtemp(join(tmpdir(), 'tandem-bench-host-'));
  const { end, host } = startHost({ filesFolder: folder, screen: false });
  let session: Awaited<ReturnType<typeof openConsoleSession>> | null = null;
  const close = async () => {
    session?.close();
    await host.stop('The benchmark is over.');
    await undoShell();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    session = await openConsoleSession(end, ['shell']);
    const tab = await consoleShellTab(session.peer, 'bench');
    return { ...tab, path: 'console RemotePeer <-> device SessionHost (unattended offer, in-process link) shell tab <-> node-pty', close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Where a Tandem echo's time goes, for attribution less sensitive to a loaded machine than the
 * totals: `n` timed echoes in a separate pass after the figures (so the stamps never touch them),
 * stamped at each stage by wrapping, in this process only, the calls on the path — RemotePeer's
 * send and receive on the shell channel, and ShellSession's write. Answers each stage's
 * p50 and p99 in milliseconds.
 */
export async function shellStages(target: EchoTarget, n: number): Promise<Record<string, { p50: number; p99: number }>> {
  const at: Record<string, number> = {};
  const peer = RemotePeer.prototype as unknown as { send: (c: string, m: { t?: string }) => boolean; receive: (c: string, d: unknown) => void };
  const shell = ShellSession.prototype as unknown as { write: (d: string) => void };
  const { send, receive } = peer;
  const { write } = shell;
  const mark = (k: string) => (at[k] ??= performance.now());
  peer.send = function (this: unknown, c, m) {
    if (c === 'shell' && m.t === 'output') mark('deviceSend');
    const ok = send.call(this, c, m);
    if (c === 'shell' && m.t === 'input') mark('consoleSent');
    return ok;
  };
  peer.receive = function (this: unknown, c, d) {
    if (c === 'shell' && typeof d === 'string') mark(d.includes('"t":"input"') ? 'deviceReceived' : 'consoleReceived');
    return receive.call(this, c, d);
  };
  shell.write = function (this: unknown, d) {
    mark('ptyWrite');
    return write.call(this, d);
  };
  const rows: Array<Record<string, number>> = [];
  try {
    for (let i = 0; i < n; i++) {
      for (const k of Object.keys(at)) delete at[k];
      const key = String.fromCharCode(97 + (i % 26));
      const t0 = performance.now();
      const done = await new Promise<number>((resolve) => {
        const stop = target.onOutput((data) => {
          if (!data.includes(key)) return;
          stop();
          resolve(performance.now());
        });
        target.type(key);
      });
      rows.push({ ...at, t0, done });
      await new Promise<void>((resolve) => {
        const stop = target.onOutput((data) => data.includes('\b') && (stop(), resolve()));
        target.type('\x7f');
      });
    }
  } finally {
    Object.assign(peer, { send, receive });
    shell.write = write;
  }
  const stages: Array<[string, string, string]> = [
    ['console_send', 't0', 'consoleSent'],
    ['wire_to_device', 'consoleSent', 'deviceReceived'],
    ['device_dispatch', 'deviceReceived', 'ptyWrite'],
    ['pty_echo_and_tabs', 'ptyWrite', 'deviceSend'],
    ['device_send_and_wire_back', 'deviceSend', 'consoleReceived'],
    ['console_dispatch', 'consoleReceived', 'done'],
  ];
  const out: Record<string, { p50: number; p99: number }> = {};
  for (const [name, a, b] of stages) {
    const xs = rows.map((r) => r[b]! - r[a]!).filter((x) => Number.isFinite(x));
    out[name] = { p50: Math.round(percentile(xs, 50) * 1000) / 1000, p99: Math.round(percentile(xs, 99) * 1000) / 1000 };
  }
  return out;
}
