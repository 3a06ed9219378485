import { FILE_CHUNK_BYTES } from '../../../shared/remote/channels';

/** The SHA-256 of some bytes as lowercase hex, as the files channel carries it (WebCrypto). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** [start, end) byte ranges of the chunks a file of `size` bytes is sent in. */
export function chunkRanges(size: number, chunk = FILE_CHUNK_BYTES): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < size; start += chunk) ranges.push([start, Math.min(size, start + chunk)]);
  return ranges;
}

export type TransferState = 'hashing' | 'waiting' | 'moving' | 'verifying' | 'done' | 'failed' | 'cancelled';

/** One file moving either way, as the files panel lists it. */
export interface Transfer {
  id: string;
  /** The binary chunks' transfer number (ours for a send, the device's for a fetch). */
  n: number | null;
  direction: 'send' | 'fetch';
  name: string;
  size: number;
  bytes: number;
  state: TransferState;
  /** Why it failed or was cancelled; where it was saved on the device once verified. */
  message: string | null;
  /** A Blob URL to save a fetched file from, once its checksum matched. */
  url: string | null;
}

export type TransferEvent =
  | { type: 'start'; transfer: Pick<Transfer, 'id' | 'direction' | 'name' | 'size'> & { n?: number } }
  | { type: 'offered'; id: string; n: number; name: string; size: number }
  | { type: 'accepted'; id: string }
  | { type: 'progress'; id: string; bytes: number }
  | { type: 'verifying'; id: string }
  | { type: 'verified'; id: string; path?: string; url?: string }
  | { type: 'failed'; id: string; message: string }
  | { type: 'cancelled'; id: string; message: string };

const FINAL: ReadonlySet<TransferState> = new Set(['done', 'failed', 'cancelled']);

/** Whether a transfer still runs (cancel is offered). */
export const isRunning = (t: Transfer): boolean => !FINAL.has(t.state);

/** The list after one event; unknown ids and events after the end are ignored. Pure. */
export function nextTransfers(list: readonly Transfer[], event: TransferEvent): Transfer[] {
  if (event.type === 'start') {
    const { n = null, ...rest } = event.transfer;
    return [...list, { ...rest, n, bytes: 0, state: rest.direction === 'send' ? 'hashing' : 'waiting', message: null, url: null }];
  }
  return list.map((t) => {
    if (t.id !== event.id || FINAL.has(t.state)) return t;
    switch (event.type) {
      case 'offered':
        return { ...t, n: event.n, name: event.name, size: event.size, state: 'moving' };
      case 'accepted':
        return { ...t, state: 'moving' };
      case 'progress':
        return { ...t, bytes: Math.min(t.size, Math.max(t.bytes, event.bytes)), state: t.state === 'waiting' ? 'moving' : t.state };
      case 'verifying':
        return { ...t, bytes: t.size, state: 'verifying' };
      case 'verified':
        return { ...t, bytes: t.size, state: 'done', message: event.path ?? null, url: event.url ?? null };
      case 'failed':
        return { ...t, state: 'failed', message: event.message };
      case 'cancelled':
        return { ...t, state: 'cancelled', message: event.message };
    }
  });
}

/**
 * The bytes of one fetched file as they arrive; refuses more than was offered (a device that
 * sends too much is not trusted with the rest).
 */
export class IncomingFile {
  private readonly parts: Uint8Array[] = [];
  received = 0;
  constructor(
    readonly size: number,
    readonly sha256: string,
  ) {}

  /** Adds a chunk; false when it would exceed the offered size. */
  add(bytes: Uint8Array): boolean {
    if (this.received + bytes.byteLength > this.size) return false;
    this.parts.push(bytes.slice());
    this.received += bytes.byteLength;
    return true;
  }

  get complete(): boolean {
    return this.received === this.size;
  }

  /** The whole file once complete, checked against the offered checksum. */
  async verify(): Promise<Uint8Array | null> {
    const all = new Uint8Array(this.received);
    let at = 0;
    for (const p of this.parts) {
      all.set(p, at);
      at += p.byteLength;
    }
    return (await sha256Hex(all)) === this.sha256 ? all : null;
  }
}
