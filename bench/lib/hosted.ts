import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnattendedOnlyConsent } from '../../src/device/remote/consent';
import { createNodePeer } from '../../src/device/remote/node-peer';
import { SessionHost, type SessionLink } from '../../src/device/remote/session-host';
import type { RemoteRight } from '../../src/shared/domain/remote-session';
import type { RemotePeer } from '../../src/shared/remote/peer';
import type { DeviceSessionClientFrame, DeviceSessionServerFrame } from '../../src/shared/remote/signaling';
import { log } from './report';
import { withTimeout } from './wrtc-pair';

/**
 * The device's real session host (src/device/remote: consent, shell tabs, screen stream, files)
 * driven by the benchmark in place of the server: a session_offer (unattended, so the headless
 * consent grants it at once), then the signals relayed both ways. The server only relays
 * signaling, so nothing on the measured paths (data channels, video) goes through it.
 */

/** The device end of the link as the benchmark sees it: frames to the host, frames from it. */
export interface DeviceEnd {
  deliver(frame: DeviceSessionServerFrame): void;
  onFrame(listener: (frame: DeviceSessionClientFrame) => void): () => void;
}

const quiet = {
  info: () => undefined,
  warn: (obj: object, msg: string) => log(`device: ${msg} ${JSON.stringify(obj)}`),
  error: (obj: object, msg: string) => log(`device: ${msg} ${JSON.stringify(obj)}`),
};

/** A SessionHost in this process, with an in-memory link. */
export function startHost(options: { filesFolder: string; screen: boolean }): { end: DeviceEnd; host: SessionHost } {
  const toHost = new Set<(frame: DeviceSessionServerFrame) => void>();
  const fromHost = new Set<(frame: DeviceSessionClientFrame) => void>();
  const link: SessionLink = {
    onSessionFrame: (listener) => (toHost.add(listener), () => toHost.delete(listener)),
    sendSessionFrame: (frame) => {
      for (const l of fromHost) l(frame);
      return true;
    },
  };
  const no = (reason: string) => ({ available: false as const, reason });
  const host = new SessionHost({
    link,
    consent: new UnattendedOnlyConsent(),
    capabilities: async () => ({ diagnostics: { available: true }, shell: { available: true }, screen: options.screen ? { available: true } : no('not in this benchmark'), input: no('not in this benchmark') }),
    deviceName: 'bench-device',
    serverUrl: 'http://127.0.0.1:9',
    log: quiet,
    files: { folder: options.filesFolder, maxBytes: 1024 * 1024 * 1024 },
    createPeer: createNodePeer,
    // A benchmark wants one connection: no early retry muddling the figures.
    reconnect: { attemptTimeoutMs: 60_000, disconnectGraceMs: 30_000 },
  });
  return {
    host,
    end: {
      deliver: (frame) => queueMicrotask(() => toHost.forEach((l) => l(frame))),
      onFrame: (listener) => (fromHost.add(listener), () => fromHost.delete(listener)),
    },
  };
}

/**
 * The console side: offers a session for `rights` to the device end, connects a console-side
 * RemotePeer through the relayed signals, and resolves once the device's `hello` arrived.
 * `beforeConnect` may attach listeners that must not miss the start (the screen track).
 */
export async function openConsoleSession(end: DeviceEnd, rights: RemoteRight[], beforeConnect?: (peer: RemotePeer) => void): Promise<{ peer: RemotePeer; sessionId: string; close(): void }> {
  const sessionId = randomUUID();
  const peer = createNodePeer({ initiator: false, iceServers: [], rights });
  beforeConnect?.(peer);
  let attempt = -1;
  const offs: Array<() => void> = [];
  const close = () => {
    if (peer.state !== 'closed') peer.send('session', { t: 'end', reason: 'The benchmark is over.' });
    setTimeout(() => peer.close(), 100);
    offs.forEach((off) => off());
  };
  try {
    const answered = new Promise<void>((resolve, reject) =>
      offs.push(
        end.onFrame((frame) => {
          if (frame.sessionId !== sessionId) return;
          if (frame.type === 'session_answer') return frame.refused ? reject(new Error(`the device refused: ${frame.reason ?? ''}`)) : resolve();
          if (frame.type === 'session_ended') return log(`device ended the session: ${frame.reason}`);
          if (frame.type !== 'session_signal') return;
          if (attempt >= 0 && frame.attempt !== attempt) return log(`device started attempt ${frame.attempt}; the benchmark keeps to attempt ${attempt}`);
          attempt = frame.attempt;
          peer.signal(frame.signal);
        }),
      ),
    );
    offs.push(peer.onSignal((signal) => end.deliver({ type: 'session_signal', sessionId, attempt: Math.max(attempt, 0), signal })));
    const hello = new Promise<void>((resolve) =>
      offs.push(
        peer.on('session', (m) => {
          if (m.t !== 'hello') return;
          peer.setRights(m.rights);
          resolve();
        }),
      ),
    );
    end.deliver({
      type: 'session_offer',
      sessionId,
      agent: { id: randomUUID(), name: 'Bench Agent', email: 'bench@example.test' },
      ticket: null,
      rights,
      unattended: true,
      answerBy: Date.now() + 30_000,
      answerWithinMs: 30_000,
      iceServers: [],
    });
    await withTimeout(answered, 30_000, 'the device did not answer the session offer');
    await withTimeout(hello, 30_000, 'the session did not connect (no hello from the device)');
    return { peer, sessionId, close };
  } catch (err) {
    close();
    throw err;
  }
}

/**
 * Makes the host's terminals run bash without rc files: its shell tabs start `$SHELL -l`, so
 * $SHELL points at a two-line script that ignores `-l` and execs `bash --norc --noprofile -i`.
 * Answers an undo.
 */
export async function bareBashAsLoginShell(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-bench-shell-'));
  const script = join(dir, 'bare-bash');
  await writeFile(script, '#!/bin/sh\nexec /bin/bash --norc --noprofile -i\n');
  await chmod(script, 0o755);
  const before = { SHELL: process.env.SHELL, PS1: process.env.PS1 };
  process.env.SHELL = script;
  process.env.PS1 = '$ ';
  return async () => {
    for (const [k, v] of Object.entries(before)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    await rm(dir, { recursive: true, force: true });
  };
}
