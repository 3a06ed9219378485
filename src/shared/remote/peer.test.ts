import { afterEach, describe, expect, it } from 'vitest';
import SimplePeer from 'simple-peer';
import wrtc from '@roamhq/wrtc';
import { RemotePeer, type SimplePeerConstructor } from './peer';
import { fileChunk, readFileChunk, type ChannelName } from './channels';
import type { RemoteRight } from '../domain/remote-session';

// Two real peers over @roamhq/wrtc on loopback, signals passed by hand (no relay).
const ALL: RemoteRight[] = ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'];
const open: RemotePeer[] = [];

function pair(deviceRights: RemoteRight[] = ALL, consoleRights: RemoteRight[] = ALL) {
  const dropped: Array<{ side: string; channel: ChannelName; reason: string }> = [];
  const make = (initiator: boolean, rights: RemoteRight[]) =>
    new RemotePeer({
      SimplePeer: SimplePeer as unknown as SimplePeerConstructor,
      wrtc,
      initiator,
      iceServers: [],
      rights,
      onDropped: (channel, reason) =>
        dropped.push({ side: initiator ? 'device' : 'console', channel, reason }),
    });
  const device = make(true, deviceRights);
  const console_ = make(false, consoleRights);
  device.onSignal((s) => console_.signal(JSON.parse(JSON.stringify(s))));
  console_.onSignal((s) => device.signal(JSON.parse(JSON.stringify(s))));
  open.push(device, console_);
  return { device, console: console_, dropped };
}

const connected = (peer: RemotePeer) =>
  new Promise<void>((resolve, reject) => {
    if (peer.state === 'connected') return resolve();
    peer.onState((state, detail) =>
      state === 'connected' ? resolve() : state === 'failed' ? reject(new Error(detail)) : undefined,
    );
  });

function next<C extends ChannelName>(peer: RemotePeer, channel: C) {
  return new Promise<any>((resolve) => {
    const off = peer.on(channel, (m) => {
      off();
      resolve(m);
    });
  });
}

afterEach(() => {
  for (const peer of open.splice(0)) peer.close();
});

describe('RemotePeer (two Node peers over wrtc)', () => {
  it('connects and carries typed messages on the session channel and every negotiated channel', async () => {
    const { device, console: con } = pair();
    // Sent before the connection exists: queued, delivered once open.
    const hello = next(con, 'session');
    device.send('session', {
      t: 'hello',
      rights: ALL,
      deviceName: 'pc-1',
      monitors: [],
      monitor: null,
      maxFileBytes: 10,
    });
    await Promise.all([connected(device), connected(con)]);
    expect(await hello).toMatchObject({ t: 'hello', deviceName: 'pc-1' });

    const shell = next(device, 'shell');
    con.send('shell', { t: 'open', tab: 't1', cols: 80, rows: 24 });
    expect(await shell).toEqual({ t: 'open', tab: 't1', cols: 80, rows: 24 });

    const control = next(device, 'control');
    con.send('control', { t: 'key', code: 'KeyA', action: 'press', modifiers: [] });
    expect(await control).toEqual({ t: 'key', code: 'KeyA', action: 'press', modifiers: [] });

    const chat = next(con, 'chat');
    device.send('chat', { t: 'message', id: 'm1', text: 'hi', at: 1 });
    expect(await chat).toMatchObject({ text: 'hi' });

    const diag = next(device, 'diagnostics');
    con.send('diagnostics', { t: 'get', id: 'd1', what: 'disks' });
    expect(await diag).toMatchObject({ what: 'disks' });

    const bin = new Promise<Uint8Array>((resolve) => device.onBinary('files', resolve));
    con.sendBinary('files', fileChunk(7, new Uint8Array([1, 2, 3])));
    const got = readFileChunk(await bin)!;
    expect(got.n).toBe(7);
    expect([...got.bytes]).toEqual([1, 2, 3]);
  });

  it('drops malformed messages and messages on a channel without its right, and keeps going', async () => {
    const { device, console: con, dropped } = pair(['view', 'shell']);
    await Promise.all([connected(device), connected(con)]);
    const seen: unknown[] = [];
    device.on('control', (m) => seen.push(m));
    device.on('shell', (m) => seen.push(m));
    con.send('control', { t: 'move', x: 0.5, y: 0.5 }); // no control right on the device
    (con as any).send('shell', { t: 'input', tab: 't1' }); // no data: malformed
    const ok = next(device, 'shell');
    con.send('shell', { t: 'input', tab: 't1', data: 'ls\r' });
    expect(await ok).toEqual({ t: 'input', tab: 't1', data: 'ls\r' });
    expect(seen).toEqual([{ t: 'input', tab: 't1', data: 'ls\r' }]);
    expect(dropped.map((d) => `${d.side}/${d.channel}`)).toEqual(['device/control', 'device/shell']);
    expect(dropped[0]!.reason).toContain('control right');

    // Rights can be lowered later: control stays refused, shell now too.
    device.setRights(['view']);
    con.send('shell', { t: 'input', tab: 't1', data: 'x' });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(1);
    expect(dropped.at(-1)).toMatchObject({ channel: 'shell' });
  });

  it('sends a large binary stream with backpressure and refuses beyond the outbox bound', async () => {
    const { device, console: con } = pair();
    await Promise.all([connected(device), connected(con)]);
    let received = 0;
    device.onBinary('files', (b) => (received += b.byteLength));
    const chunk = new Uint8Array(16 * 1024);
    const total = 8 * 1024 * 1024;
    for (let sent = 0; sent < total; sent += chunk.byteLength) {
      if (con.pendingBytes('files') > 2 * 1024 * 1024) await con.drained('files');
      expect(con.sendBinary('files', chunk)).toBe(true);
    }
    await con.drained('files');
    await expect.poll(() => received, { timeout: 15_000 }).toBe(total);

    // Nothing drains while a peer is not connected yet: the outbox refuses past its bound.
    const lonely = new RemotePeer({
      SimplePeer: SimplePeer as unknown as SimplePeerConstructor,
      wrtc,
      initiator: true,
      iceServers: [],
      rights: ALL,
      maxQueuedBytes: 64 * 1024,
      onDropped: () => {},
    });
    open.push(lonely);
    let accepted = 0;
    while (lonely.sendBinary('files', chunk) && accepted < 100) accepted++;
    expect(accepted).toBe(4);
  });

  it('a session message sent while its channel closes is dropped and reported, never thrown', async () => {
    const { device, console: con, dropped } = pair();
    await Promise.all([connected(device), connected(con)]);
    // The moment the other side has just ended the session: simple-peer still says connected, but
    // its channel has closed underneath, and wrtc's send throws (as it did in a CI run).
    const channel = (device as unknown as { peer: { _channel: { send(data: string): void } } }).peer._channel;
    channel.send = () => {
      throw new Error("RTCDataChannel.readyState is not 'open'");
    };
    expect(device.send('session', { t: 'end', reason: 'The agent ended the session.' })).toBe(false);
    expect(dropped).toContainEqual({ side: 'device', channel: 'session', reason: expect.stringMatching(/^the session channel is not open/) });
  });

  it('carries a video track from the initiator and reports closed on both sides', async () => {
    const source = new wrtc.nonstandard.RTCVideoSource();
    const track = source.createTrack();
    const stream = new (wrtc as any).MediaStream([track]);
    const dev = new RemotePeer({
      SimplePeer: SimplePeer as unknown as SimplePeerConstructor,
      wrtc,
      initiator: true,
      iceServers: [],
      rights: ALL,
      stream: stream as any,
    });
    const con = new RemotePeer({
      SimplePeer: SimplePeer as unknown as SimplePeerConstructor,
      wrtc,
      initiator: false,
      iceServers: [],
      rights: ALL,
    });
    open.push(dev, con);
    dev.onSignal((s) => con.signal(s));
    con.onSignal((s) => dev.signal(s));
    const remote = new Promise<string>((resolve) => con.onTrack((t) => resolve(t.kind)));
    await Promise.all([connected(dev), connected(con)]);
    expect(await remote).toBe('video');
    const closed = new Promise<void>((resolve) => con.onState((s) => s === 'closed' && resolve()));
    dev.close();
    await closed;
    expect(dev.state).toBe('closed');
    track.stop();
  });
});
