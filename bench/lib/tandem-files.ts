import { createHash, randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { createNodePeer } from '../../src/device/remote/node-peer';
import { FILE_CHUNK_BYTES, fileChunk, readFileChunk } from '../../src/shared/remote/channels';
import type { RemotePeer } from '../../src/shared/remote/peer';
import { connectPeers } from './tandem-shell';
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
 * Fallback while the device session host is not there: a device-side RemotePeer that answers
 * `fetch` as the host's files service would (hash the file, offer, wait for accept, send
 * FILE_CHUNK_BYTES chunks through the outbox with its backpressure, done).
 */
export async function directFilesPair(): Promise<{ console: RemotePeer; path: string; close(): void }> {
  const device = createNodePeer({ initiator: true, iceServers: [], rights: ['files'] });
  const console_ = createNodePeer({ initiator: false, iceServers: [], rights: ['files'] });
  const close = () => {
    console_.close();
    device.close();
  };
  let nextTransfer = 1;
  const accepted = new Map<string, () => void>();
  device.on('files', (m) => {
    if (m.t === 'accept') accepted.get(m.id)?.();
    if (m.t !== 'fetch') return;
    void (async () => {
      const file = await open(m.path, 'r');
      try {
        const hash = createHash('sha256');
        let size = 0;
        for await (const part of file.createReadStream({ autoClose: false, start: 0 })) {
          hash.update(part as Buffer);
          size += (part as Buffer).byteLength;
        }
        const n = nextTransfer++;
        const go = new Promise<void>((resolve) => accepted.set(m.id, resolve));
        device.send('files', { t: 'offer', id: m.id, n, name: basename(m.path), size, sha256: hash.digest('hex') });
        await go;
        const buffer = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
        for (let offset = 0; offset < size; ) {
          if (device.pendingBytes('files') > 4 * 1024 * 1024) await device.drained('files');
          const { bytesRead } = await file.read(buffer, 0, FILE_CHUNK_BYTES, offset);
          if (!device.sendBinary('files', fileChunk(n, buffer.subarray(0, bytesRead)))) throw new Error('the outbox refused a chunk');
          offset += bytesRead;
        }
        device.send('files', { t: 'done', id: m.id });
      } catch (err) {
        device.send('files', { t: 'failed', id: m.id, message: (err as Error).message.slice(0, 400) });
      } finally {
        await file.close();
      }
    })();
  });
  try {
    await connectPeers(device, console_);
    return { console: console_, path: 'RemotePeer files channel, device side wired by hand (session host not used)', close };
  } catch (err) {
    close();
    throw err;
  }
}
