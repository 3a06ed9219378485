import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILE_CHUNK_BYTES, fileChunk, readFileChunk } from '../../src/shared/remote/channels';
import type { RemotePeer } from '../../src/shared/remote/peer';
import { openConsoleSession, startHost } from './hosted';
import { withTimeout } from './wrtc-pair';

/** Console side: fetches `path` from the device over the files channel; answers seconds and whether the SHA-256 matched. */
export async function fetchOverFilesChannel(console_: RemotePeer, path: string): Promise<{ seconds: number; bytes: number; verified: boolean }> {
  const id = randomUUID().slice(0, 8);
  const start = performance.now();
  let offer: { n: number; size: number; sha256: string } | null = null;
  const hash = createHash('sha256');
  let received = 0;
  const offs: Array<() => void> = [];
  try {
    const result = new Promise<{ bytes: number; verified: boolean }>((resolve, reject) => {
      offs.push(
        console_.on('files', (m) => {
          if (!('id' in m) || m.id !== id) return;
          if (m.t === 'offer') {
            offer = { n: m.n, size: m.size, sha256: m.sha256 };
            console_.send('files', { t: 'accept', id });
          } else if (m.t === 'done') {
            const verified = hash.digest('hex') === offer?.sha256 && received === offer.size;
            console_.send('files', verified ? { t: 'verified', id } : { t: 'failed', id, message: 'The checksum did not match.' });
            resolve({ bytes: received, verified });
          } else if (m.t === 'failed' || m.t === 'cancel') reject(new Error(`the device could not send the file: ${'message' in m ? m.message : m.reason}`));
        }),
        console_.onBinary('files', (data) => {
          const chunk = readFileChunk(data);
          if (!chunk || !offer || chunk.n !== offer.n) return;
          hash.update(chunk.bytes);
          received += chunk.bytes.byteLength;
        }),
      );
    });
    console_.send('files', { t: 'fetch', id, path });
    const r = await withTimeout(result, 300_000, 'the file transfer did not finish');
    return { seconds: (performance.now() - start) / 1000, ...r };
  } finally {
    for (const off of offs) off();
  }
}

/**
 * Console side: sends `data` (named `name`) to the device over the files channel: offer, wait for
 * accept, 16 KiB chunks through RemotePeer's outbox (waiting when it is full), done; answers when
 * the device says the SHA-256 matched and the file is kept.
 */
export async function sendOverFilesChannel(console_: RemotePeer, name: string, data: Uint8Array): Promise<{ seconds: number; verified: boolean; path?: string }> {
  const id = randomUUID().slice(0, 8);
  const n = 0x7000_0000 + Math.floor(Math.random() * 0xffff);
  const start = performance.now();
  const sha256 = createHash('sha256').update(data).digest('hex');
  let accepted!: () => void;
  const acceptedP = new Promise<void>((r) => (accepted = r));
  const outcome = new Promise<{ verified: boolean; path?: string }>((resolve, reject) => {
    const off = console_.on('files', (m) => {
      if (!('id' in m) || m.id !== id) return;
      if (m.t === 'accept') accepted();
      else if (m.t === 'verified') {
        off();
        resolve({ verified: true, ...(m.path ? { path: m.path } : {}) });
      } else if (m.t === 'failed' || m.t === 'cancel') {
        off();
        reject(new Error(`the device did not keep the file: ${'message' in m ? m.message : m.reason}`));
      }
    });
  });
  console_.send('files', { t: 'offer', id, n, name, size: data.byteLength, sha256 });
  await withTimeout(acceptedP, 30_000, 'the device did not accept the file');
  for (let offset = 0; offset < data.byteLength; offset += FILE_CHUNK_BYTES) {
    const chunk = fileChunk(n, data.subarray(offset, Math.min(data.byteLength, offset + FILE_CHUNK_BYTES)));
    while (!console_.sendBinary('files', chunk)) await console_.drained('files');
    if (console_.pendingBytes('files') > 4 * 1024 * 1024) await console_.drained('files');
  }
  console_.send('files', { t: 'done', id });
  const r = await withTimeout(outcome, 300_000, 'the device did not verify the file');
  return { seconds: (performance.now() - start) / 1000, ...r };
}

/** The device's real session host (files right) and a console-side RemotePeer connected to it. */
export async function hostedFiles(): Promise<{ console: RemotePeer; path: string; folder: string; close(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'tandem-bench-host-'));
  const { end, host } = startHost({ filesFolder: folder, screen: false });
  let session: Awaited<ReturnType<typeof openConsoleSession>> | null = null;
  const close = async () => {
    session?.close();
    await host.stop('The benchmark is over.');
    await rm(folder, { recursive: true, force: true });
  };
  try {
    session = await openConsoleSession(end, ['files']);
    return { console: session.peer, folder, path: 'console RemotePeer <-> device SessionHost files channel (unattended offer, in-process link)', close };
  } catch (err) {
    await close();
    throw err;
  }
}
