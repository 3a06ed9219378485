import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, parse } from 'node:path';
import { FILE_CHUNK_BYTES, fileChunk, readFileChunk, type FilesMessage } from '../../shared/remote/channels';
import type { SessionContext } from './context';

export interface FileTransferOptions {
  /** Where files sent to the device land (the user's Downloads, or a configured folder). */
  folder: string;
  /** Largest file either way. */
  maxBytes: number;
}

interface Incoming {
  id: string;
  name: string;
  size: number;
  sha256: string;
  temp: string;
  out: WriteStream;
  hash: Hash;
  received: number;
  lastProgress: number;
  failed: boolean;
}

const PROGRESS_EVERY_MS = 250;
const LISTING_MAX = 5000;

/**
 * The files channel. To the device: the file is written under a temporary name in the folder,
 * hashed as it arrives, and renamed only when all bytes came and the SHA-256 matches; a mismatch or
 * a cancel deletes it. From the device (`fetch`): hashed first, then sent in chunks at the pace the
 * channel drains. Folder listings let the agent pick a file. Every move goes into the record.
 */
export class FileTransfers {
  private readonly incoming = new Map<number, Incoming>();
  private readonly outgoing = new Map<
    string,
    { cancelled: boolean; path: string; size: number; sha256: string }
  >();
  private nextN = 1;

  constructor(
    private readonly ctx: SessionContext,
    private readonly options: FileTransferOptions,
  ) {}

  handle(message: FilesMessage): void {
    if (!this.ctx.rights().includes('files')) return;
    switch (message.t) {
      case 'offer':
        return void this.receive(message).catch((err: Error) =>
          this.fail(message.id, message.name, `The file could not be saved: ${err.message}`),
        );
      case 'done':
        return void this.finish(message.id);
      case 'cancel':
        return this.cancel(message.id, message.reason);
      case 'fetch':
        return void this.send(message.id, message.path);
      case 'list':
        return void this.list(message.id, message.path);
      case 'verified': {
        const out = this.outgoing.get(message.id);
        if (!out) return;
        this.outgoing.delete(message.id);
        this.ctx.record('file_fetched', { path: out.path, size: out.size, sha256: out.sha256 });
        return;
      }
      case 'failed': {
        const out = this.outgoing.get(message.id);
        this.outgoing.delete(message.id);
        if (out)
          this.ctx.record('file_failed', {
            path: out.path,
            direction: 'from_device',
            reason: message.message,
          });
        return;
      }
      default:
        return;
    }
  }

  /** Binary chunks of files coming to the device. */
  chunk(data: Uint8Array): void {
    if (!this.ctx.rights().includes('files')) return;
    const parsed = readFileChunk(data);
    const t = parsed && this.incoming.get(parsed.n);
    if (!parsed || !t || t.failed) return;
    t.received += parsed.bytes.byteLength;
    if (t.received > t.size) {
      this.abort(parsed.n, t, `More bytes arrived than the ${t.size} announced.`);
      return;
    }
    t.hash.update(parsed.bytes);
    t.out.write(Buffer.from(parsed.bytes));
    const now = Date.now();
    if (now - t.lastProgress >= PROGRESS_EVERY_MS || t.received === t.size) {
      t.lastProgress = now;
      this.ctx.send('files', { t: 'progress', id: t.id, bytes: t.received });
    }
  }

  /** Session over: unfinished files are deleted, sends stop. */
  async close(): Promise<void> {
    for (const out of this.outgoing.values()) out.cancelled = true;
    await Promise.all(
      [...this.incoming.entries()].map(([n, t]) =>
        this.abort(n, t, 'The session ended before the file arrived.'),
      ),
    );
  }

  private async receive(offer: Extract<FilesMessage, { t: 'offer' }>): Promise<void> {
    if (offer.size > this.options.maxBytes) {
      return this.fail(
        offer.id,
        offer.name,
        `The file is too large: ${offer.size} bytes, and this device takes at most ${this.options.maxBytes}.`,
      );
    }
    if (this.incoming.has(offer.n))
      return this.fail(offer.id, offer.name, 'That transfer number is already in use.');
    await mkdir(this.options.folder, { recursive: true });
    const temp = join(this.options.folder, `.${offer.name}.${offer.id.replace(/[^\w-]/g, '')}.tandem-part`);
    const out = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    this.incoming.set(offer.n, {
      id: offer.id,
      name: offer.name,
      size: offer.size,
      sha256: offer.sha256,
      temp,
      out,
      hash: createHash('sha256'),
      received: 0,
      lastProgress: 0,
      failed: false,
    });
    this.ctx.send('files', { t: 'accept', id: offer.id });
  }

  private async finish(id: string): Promise<void> {
    const entry = [...this.incoming.entries()].find(([, t]) => t.id === id);
    if (!entry) return;
    const [n, t] = entry;
    this.incoming.delete(n);
    await new Promise<void>((resolve) => t.out.end(() => resolve()));
    const sha256 = t.hash.digest('hex');
    if (t.received !== t.size || sha256 !== t.sha256) {
      await rm(t.temp, { force: true });
      const why =
        t.received !== t.size ? `${t.received} of ${t.size} bytes arrived` : 'its SHA-256 does not match';
      return this.fail(id, t.name, `The file was not kept: ${why}. Send it again.`);
    }
    const path = await freeName(this.options.folder, t.name);
    await rename(t.temp, path);
    this.ctx.send('files', { t: 'verified', id, path });
    this.ctx.record('file_sent', { name: t.name, size: t.size, sha256, path });
    this.ctx.log.info(
      { sessionId: this.ctx.sessionId, path, size: t.size },
      'file received in a remote session',
    );
  }

  private cancel(id: string, reason: string): void {
    const out = this.outgoing.get(id);
    if (out) {
      out.cancelled = true;
      this.outgoing.delete(id);
      this.ctx.record('file_failed', {
        path: out.path,
        direction: 'from_device',
        reason: `cancelled: ${reason}`,
      });
      return;
    }
    const entry = [...this.incoming.entries()].find(([, t]) => t.id === id);
    if (entry) void this.abort(entry[0], entry[1], `cancelled: ${reason}`, false);
  }

  private async abort(n: number, t: Incoming, reason: string, tell = true): Promise<void> {
    t.failed = true;
    this.incoming.delete(n);
    await new Promise<void>((resolve) => t.out.destroy() && t.out.once('close', () => resolve()));
    await rm(t.temp, { force: true });
    if (tell) this.ctx.send('files', { t: 'failed', id: t.id, message: reason.slice(0, 500) });
    this.ctx.record('file_failed', { name: t.name, direction: 'to_device', reason });
  }

  private fail(id: string, name: string, message: string): void {
    this.ctx.send('files', { t: 'failed', id, message: message.slice(0, 500) });
    this.ctx.record('file_failed', { name, direction: 'to_device', reason: message });
  }

  private async send(id: string, path: string): Promise<void> {
    const refuse = (message: string) => {
      this.ctx.send('files', { t: 'failed', id, message: message.slice(0, 500) });
      this.ctx.record('file_failed', { path, direction: 'from_device', reason: message });
    };
    if (!isAbsolute(path)) return refuse('Give the full path of the file on the device.');
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) return refuse(`${path} is not a file.`);
      size = info.size;
    } catch (err) {
      return refuse(
        `${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
      );
    }
    if (size > this.options.maxBytes)
      return refuse(
        `The file is too large: ${size} bytes, and this device sends at most ${this.options.maxBytes}.`,
      );
    const sha256 = await hashFile(path).catch(() => null);
    if (sha256 === null) return refuse(`${path} cannot be read.`);
    const n = this.nextN++;
    const state = { cancelled: false, path, size, sha256 };
    this.outgoing.set(id, state);
    this.ctx.send('files', { t: 'offer', id, n, name: basename(path).slice(0, 255) || 'file', size, sha256 });
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
      for (let pos = 0; pos < size && !state.cancelled;) {
        if (this.ctx.connected() === false)
          throw new Error('The connection dropped while sending; fetch the file again.');
        const { bytesRead } = await handle.read(buf, 0, Math.min(FILE_CHUNK_BYTES, size - pos), pos);
        if (bytesRead === 0) break;
        while (!this.ctx.sendBinary('files', fileChunk(n, buf.subarray(0, bytesRead)))) {
          if (!this.ctx.connected())
            throw new Error('The connection dropped while sending; fetch the file again.');
          await this.ctx.drained('files');
        }
        pos += bytesRead;
        if (pos % (1024 * 1024) < FILE_CHUNK_BYTES) await this.ctx.drained('files');
      }
      if (!state.cancelled) this.ctx.send('files', { t: 'done', id });
    } catch (err) {
      this.outgoing.delete(id);
      refuse((err as Error).message);
    } finally {
      await handle.close();
    }
  }

  private async list(id: string, path: string): Promise<void> {
    try {
      if (!isAbsolute(path)) throw new Error('Give the full path of the folder on the device.');
      const dirents = (await readdir(path, { withFileTypes: true })).slice(0, LISTING_MAX);
      const entries = await Promise.all(
        dirents.map(async (d) => {
          let size = 0;
          if (d.isFile())
            size = await stat(join(path, d.name)).then(
              (s) => s.size,
              () => 0,
            );
          return { name: d.name.slice(0, 255), dir: d.isDirectory(), size };
        }),
      );
      entries.sort((a, b) => Number(b.dir) - Number(a.dir) || a.name.localeCompare(b.name));
      this.ctx.send('files', { t: 'listing', id, path: path.slice(0, 4096), entries });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.ctx.send('files', {
        t: 'failed',
        id,
        message: (code ? `${path} cannot be listed (${code}).` : (err as Error).message).slice(0, 500),
      });
    }
  }
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** `name`, or `name (2).ext` … when taken: a file the person already has is never overwritten. */
async function freeName(folder: string, name: string): Promise<string> {
  const { name: stem, ext } = parse(name);
  for (let i = 1; i < 1000; i++) {
    const candidate = join(folder, i === 1 ? name : `${stem} (${i})${ext}`);
    const taken = await stat(candidate).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
  throw new Error('No free file name in the folder.');
}
