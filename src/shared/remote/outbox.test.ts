import { afterEach, describe, expect, it } from 'vitest';
import SimplePeer from 'simple-peer';
import wrtc from '@roamhq/wrtc';
import { Outbox, type OutboxChannel } from './outbox';

// A real negotiated data channel between two wrtc peers on loopback; the sending side is seen
// through a wrapper that counts reads of the properties that cost a hop to wrtc's network thread.
type Channel = OutboxChannel & { onmessage: ((ev: { data: unknown }) => void) | null; onopen: (() => void) | null };
const peers: Array<{ destroy(): void }> = [];
afterEach(() => {
  for (const p of peers.splice(0)) p.destroy();
});

async function channelPair() {
  const make = (initiator: boolean) => {
    const peer = new SimplePeer({ initiator, wrtc, trickle: true }) as unknown as {
      _pc: { createDataChannel(l: string, o: object): Channel };
      on(e: string, f: (x: unknown) => void): void;
      signal(s: unknown): void;
      destroy(): void;
    };
    peers.push(peer);
    const channel = peer._pc.createDataChannel('outbox-test', { negotiated: true, id: 9, ordered: true });
    (channel as unknown as { binaryType: string }).binaryType = 'arraybuffer';
    return { peer, channel };
  };
  const a = make(true);
  const b = make(false);
  a.peer.on('signal', (s) => b.peer.signal(s));
  b.peer.on('signal', (s) => a.peer.signal(s));
  const reads = { readyState: 0, bufferedAmount: 0 };
  const counted: OutboxChannel = {
    get readyState() {
      reads.readyState++;
      return a.channel.readyState;
    },
    get bufferedAmount() {
      reads.bufferedAmount++;
      return a.channel.bufferedAmount;
    },
    get bufferedAmountLowThreshold() {
      return a.channel.bufferedAmountLowThreshold;
    },
    set bufferedAmountLowThreshold(v: number) {
      a.channel.bufferedAmountLowThreshold = v;
    },
    send: (data) => a.channel.send(data),
  };
  const outbox = new Outbox(counted);
  await new Promise<void>((resolve) => {
    a.channel.onopen = () => {
      outbox.flush();
      resolve();
    };
  });
  const received: unknown[] = [];
  b.channel.onmessage = (ev) => received.push(ev.data);
  return { outbox, reads, received };
}

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('Outbox on a real wrtc data channel', () => {
  it('sends small messages straight out, in order, without reading the channel state each time', async () => {
    const { outbox, reads, received } = await channelPair();
    reads.readyState = reads.bufferedAmount = 0;
    const sent = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ t: 'output', tab: 't', data: String(i) }));
    for (const text of sent) expect(outbox.push(text)).toBe(true);
    await until(() => received.length === sent.length);
    expect(received).toEqual(sent);
    // One read of bufferedAmount to start the bound, then none until 256 KiB could be buffered.
    expect(reads.readyState).toBe(0);
    expect(reads.bufferedAmount).toBeLessThanOrEqual(1);
  });

  it('checks the real buffer once the bound passes the low-water mark, and delivers a large stream whole', async () => {
    const { outbox, reads, received } = await channelPair();
    const chunk = (i: number) => new Uint8Array(64 * 1024).fill(i);
    let refused = 0;
    for (let i = 0; i < 48; i++) if (!outbox.push(chunk(i))) refused++;
    expect(refused).toBe(0);
    await until(() => received.length === 48, 30_000);
    expect(received.map((d) => new Uint8Array(d as ArrayBuffer)[0])).toEqual(Array.from({ length: 48 }, (_, i) => i));
    expect(reads.bufferedAmount).toBeGreaterThan(1);
    await outbox.drained();
  });
});
