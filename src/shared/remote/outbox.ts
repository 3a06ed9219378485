/**
 * A bounded outgoing queue in front of one RTCDataChannel. Messages wait here while the channel is
 * not open yet or while its `bufferedAmount` is above the high-water mark; they go out as the
 * channel drains (`bufferedamountlow`). Past `maxQueuedBytes` a message is refused (the caller is
 * told, and decides: drop a frame, fail a transfer), so a slow link never grows memory without end.
 */

/** The part of an RTCDataChannel the outbox uses (DOM and @roamhq/wrtc channels both fit). */
export interface OutboxChannel {
  readonly readyState: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
}

/** Above this many bytes in the channel's own buffer we stop handing it more. */
export const CHANNEL_HIGH_WATER = 1024 * 1024;
/** The channel tells us when it is back under this. */
export const CHANNEL_LOW_WATER = 256 * 1024;
/** Default cap on what may wait in the outbox itself, per channel. */
export const DEFAULT_MAX_QUEUED_BYTES = 8 * 1024 * 1024;

const sizeOf = (data: string | Uint8Array) => (typeof data === 'string' ? data.length * 2 : data.byteLength);
/** At most this many bytes on the wire: UTF-8 takes up to 3 bytes per UTF-16 unit. */
const wireBound = (data: string | Uint8Array) => (typeof data === 'string' ? data.length * 3 : data.byteLength);

export class Outbox {
  private readonly queue: Array<string | Uint8Array> = [];
  private queuedBytes = 0;
  private waiters: Array<() => void> = [];
  private poll: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private open = false;
  /** An upper bound on the channel's `bufferedAmount` (see `push`); at the low-water mark, re-read. */
  private bufferedBound = CHANNEL_LOW_WATER;

  constructor(
    private readonly channel: OutboxChannel,
    private readonly maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES,
  ) {
    channel.bufferedAmountLowThreshold = CHANNEL_LOW_WATER;
  }

  /** Queues one message; false when the outbox is full or closed (the message is not sent). */
  push(data: string | Uint8Array): boolean {
    if (this.closed) return false;
    // The common case (a keystroke, its echo): nothing waiting and room in the channel's buffer,
    // so it goes straight out, without a trip through the queue. Reading `readyState` or
    // `bufferedAmount` on a wrtc channel is a synchronous hop to its network thread (~20 µs
    // each, more than the rest of a message's way), so both are read only when our own bound
    // says we must: the channel stays open once seen open (a send on a closed one throws, and the
    // peer closes us), and its buffer holds at most what it held at the last read plus what we
    // sent since.
    if (this.queue.length === 0 && this.seenOpen()) {
      if (this.bufferedBound >= CHANNEL_LOW_WATER) this.bufferedBound = this.channel.bufferedAmount;
      if (this.bufferedBound < CHANNEL_HIGH_WATER) {
        try {
          this.channel.send(data);
        } catch {
          this.close();
          return false;
        }
        this.bufferedBound += wireBound(data);
        return true;
      }
    }
    const size = sizeOf(data);
    if (this.queue.length > 0 && this.queuedBytes + size > this.maxQueuedBytes) return false;
    this.queue.push(data);
    this.queuedBytes += size;
    this.flush();
    return true;
  }

  /** Bytes waiting, here and in the channel's buffer. */
  get pendingBytes(): number {
    return this.queuedBytes + (this.channel.readyState === 'open' ? this.channel.bufferedAmount : 0);
  }

  /** Resolves once the outbox is empty and the channel is under the low-water mark (or closed). */
  drained(): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.ensurePoll();
    });
  }

  /** Sends what the channel will take; called on open, on `bufferedamountlow` and after a push. */
  flush(): void {
    if (this.closed || this.channel.readyState !== 'open') return;
    this.open = true;
    // The queued sends below are not counted in the bound: read the real figure next push.
    this.bufferedBound = CHANNEL_LOW_WATER;
    while (this.queue.length > 0 && this.channel.bufferedAmount < CHANNEL_HIGH_WATER) {
      const next = this.queue.shift()!;
      this.queuedBytes -= sizeOf(next);
      try {
        this.channel.send(next);
      } catch {
        // The channel closed under us; the peer's close handling reports it.
        this.close();
        return;
      }
    }
    if (this.queue.length > 0) this.ensurePoll();
    this.wake();
  }

  /** Drops what is queued and wakes anyone waiting (they see the peer closed). */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.wake(true);
  }

  private seenOpen(): boolean {
    if (!this.open && this.channel.readyState === 'open') this.open = true;
    return this.open;
  }

  private isDrained(): boolean {
    return (
      this.closed ||
      (this.queue.length === 0 &&
        (this.channel.readyState !== 'open' || this.channel.bufferedAmount <= CHANNEL_LOW_WATER))
    );
  }

  private wake(all = false): void {
    if (!all && !this.isDrained()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
    if (this.queue.length === 0 && this.waiters.length === 0) this.stopPoll();
  }

  // `bufferedamountlow` is the signal we rely on; a slow poll covers implementations that fire it
  // late or not at all (wrtc 0.10 never fires it).
  private ensurePoll(): void {
    if (this.poll || this.closed) return;
    this.poll = setInterval(() => this.flush(), 10);
  }

  private stopPoll(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }
}
