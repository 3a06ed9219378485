import type { RemoteRight } from '../domain/remote-session';
import type { IceServer } from '../api/remote-sessions';
import type { PeerSignal } from './signaling';
import { CHANNELS, parseChannelMessage, type ChannelMessage, type ChannelName } from './channels';
import { Outbox, DEFAULT_MAX_QUEUED_BYTES, type OutboxChannel } from './outbox';

/**
 * One WebRTC connection of a remote session (one negotiation attempt), on either side. It wraps
 * simple-peer, which is handed in because it is loaded differently per runtime: in Node
 * `simple-peer` with `@roamhq/wrtc`, in the browser `simple-peer/simplepeer.min.js` (the package's
 * index needs Node polyfills vite does not add). A reconnect is a new RemotePeer with a higher
 * attempt number; the session (device host, console view) outlives its peers.
 *
 * The data channels of `channels.ts` are created *negotiated* with their fixed ids directly on the
 * underlying RTCPeerConnection (simple-peer exposes it as `_pc`, set in its constructor:
 * https://github.com/feross/simple-peer/blob/v9.11.1/index.js#L101), before simple-peer's first
 * offer (its negotiation starts in a microtask: index.js#L382). simple-peer's own channel carries
 * the `session` messages. Every text message goes through `parseChannelMessage`: malformed ones, or
 * ones on a channel the session holds no right for, are dropped and reported to `onDropped`.
 */

/** The RTCPeerConnection surface RemotePeer touches (DOM and @roamhq/wrtc both fit). */
export interface PeerConnectionLike {
  createDataChannel(
    label: string,
    init: { negotiated: boolean; id: number; ordered?: boolean },
  ): PeerDataChannel;
  readonly connectionState?: string;
  readonly iceConnectionState: string;
  /** The standard statistics (a Map-like RTCStatsReport). */
  getStats?(): Promise<{ forEach(callback: (entry: PeerStatsEntry) => void): void }>;
}

/** One entry of a statistics report (`type`, `id`, `timestamp` and the fields of its type). */
export type PeerStatsEntry = { type: string; id: string; timestamp: number } & Record<string, unknown>;

/** The RTCDataChannel surface RemotePeer touches. */
export interface PeerDataChannel extends OutboxChannel {
  readonly label: string;
  binaryType: string;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onbufferedamountlow: ((ev: unknown) => void) | null;
  close(): void;
}

/** A MediaStream, structurally (the DOM's or @roamhq/wrtc's). */
export interface PeerMediaStream {
  readonly id: string;
  getTracks(): PeerMediaTrack[];
}
export interface PeerMediaTrack {
  readonly id: string;
  readonly kind: string;
  stop(): void;
}

/** A simple-peer instance, as much of it as RemotePeer uses. */
export interface SimplePeerInstance {
  readonly _pc: PeerConnectionLike | null;
  readonly connected: boolean;
  readonly destroyed: boolean;
  signal(data: PeerSignal): void;
  send(data: string | Uint8Array): void;
  destroy(err?: Error): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
}
export interface SimplePeerOptions {
  initiator: boolean;
  config: { iceServers: IceServer[] };
  wrtc?: unknown;
  streams?: PeerMediaStream[];
  trickle: boolean;
}
export type SimplePeerConstructor = new (opts: SimplePeerOptions) => SimplePeerInstance;

export type PeerState = 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';
type DataChannelName = keyof typeof CHANNELS;

export interface RemotePeerOptions {
  /** The SimplePeer class of this runtime. */
  SimplePeer: SimplePeerConstructor;
  /** Node only: the `@roamhq/wrtc` module. */
  wrtc?: unknown;
  /** The device is the initiator; the console is not. */
  initiator: boolean;
  iceServers: IceServer[];
  /** Outgoing media (the device's screen). */
  stream?: PeerMediaStream;
  /** The rights messages are checked against; change with {@link RemotePeer.setRights}. */
  rights: readonly RemoteRight[];
  /** A message was dropped (malformed, unauthorised, outbox full). Defaults to console.warn. */
  onDropped?: (channel: ChannelName, reason: string) => void;
  /** Per-channel cap on queued outgoing bytes. */
  maxQueuedBytes?: number;
}

type Handler<C extends ChannelName> = (message: ChannelMessage<C>) => void;

const decoder = new TextDecoder();
const toBytes = (data: unknown): Uint8Array | null =>
  data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : null;

export class RemotePeer {
  private readonly peer: SimplePeerInstance;
  private readonly channels = new Map<DataChannelName, { channel: PeerDataChannel; outbox: Outbox }>();
  private readonly handlers = new Map<ChannelName, Set<(message: never) => void>>();
  private readonly binaryHandlers = new Map<DataChannelName, Set<(bytes: Uint8Array) => void>>();
  private readonly signalHandlers = new Set<(signal: PeerSignal) => void>();
  private readonly stateHandlers = new Set<(state: PeerState, detail?: string) => void>();
  private readonly trackHandlers = new Set<(track: PeerMediaTrack, stream: PeerMediaStream) => void>();
  private readonly sessionQueue: string[] = [];
  /** Signals emitted before anyone listened (the offer can be ready before the relay is wired). */
  private readonly unsentSignals: PeerSignal[] = [];
  private rights: readonly RemoteRight[];
  private currentState: PeerState = 'connecting';
  private readonly onDropped: (channel: ChannelName, reason: string) => void;

  constructor(options: RemotePeerOptions) {
    this.rights = [...options.rights];
    this.onDropped =
      options.onDropped ??
      ((channel, reason) => console.warn(`remote session: dropped a ${channel} message: ${reason}`));
    this.peer = new options.SimplePeer({
      initiator: options.initiator,
      config: { iceServers: options.iceServers },
      ...(options.wrtc ? { wrtc: options.wrtc } : {}),
      ...(options.stream ? { streams: [options.stream] } : {}),
      trickle: true,
    });
    const pc = this.peer._pc;
    if (!pc) throw new Error('WebRTC is not available here: the peer connection could not be created.');
    for (const [name, { id }] of Object.entries(CHANNELS) as Array<[DataChannelName, { id: number }]>) {
      const channel = pc.createDataChannel(`tandem-${name}`, { negotiated: true, id, ordered: true });
      channel.binaryType = 'arraybuffer';
      const outbox = new Outbox(channel, options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES);
      channel.onopen = () => outbox.flush();
      channel.onbufferedamountlow = () => outbox.flush();
      channel.onmessage = (ev) => this.receive(name, ev.data);
      this.channels.set(name, { channel, outbox });
    }
    this.peer.on('signal', (signal: PeerSignal) => {
      if (this.signalHandlers.size === 0) this.unsentSignals.push(signal);
      for (const handler of this.signalHandlers) handler(signal);
    });
    this.peer.on('connect', () => {
      for (const text of this.sessionQueue.splice(0)) this.sendSession(text);
      this.setState('connected');
    });
    this.peer.on('data', (data: Uint8Array | string) => this.receive('session', data));
    this.peer.on('track', (track: PeerMediaTrack, stream: PeerMediaStream) => {
      for (const handler of this.trackHandlers) handler(track, stream);
    });
    this.peer.on('iceStateChange', (ice: string) => {
      // 'disconnected' can heal by itself (ICE keeps checking); 'failed' ends this attempt.
      if (ice === 'disconnected' && this.currentState === 'connected') this.setState('disconnected');
      else if ((ice === 'connected' || ice === 'completed') && this.currentState === 'disconnected')
        this.setState('connected');
    });
    this.peer.on('error', (err: Error & { code?: string }) =>
      this.setState('failed', `${err.code ?? 'ERR'}: ${err.message}`),
    );
    this.peer.on('close', () => this.finish());
  }

  get state(): PeerState {
    return this.currentState;
  }

  /** The rights incoming messages are checked against (the console learns them from `hello`). */
  setRights(rights: readonly RemoteRight[]): void {
    this.rights = [...rights];
  }

  /** Feeds a signal from the other side (already checked against `PeerSignal` by the relay). */
  signal(signal: PeerSignal): void {
    if (this.peer.destroyed) return;
    this.peer.signal(signal);
  }

  /** Signals to relay to the other side. */
  onSignal(handler: (signal: PeerSignal) => void): () => void {
    const off = this.add(this.signalHandlers, handler);
    for (const signal of this.unsentSignals.splice(0)) handler(signal);
    return off;
  }

  onState(handler: (state: PeerState, detail?: string) => void): () => void {
    return this.add(this.stateHandlers, handler);
  }

  /** The other side's media (the device's screen, on the console). */
  onTrack(handler: (track: PeerMediaTrack, stream: PeerMediaStream) => void): () => void {
    return this.add(this.trackHandlers, handler);
  }

  /** Typed messages of one channel that passed `parseChannelMessage`. */
  on<C extends ChannelName>(channel: C, handler: Handler<C>): () => void {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    return this.add(set as Set<Handler<C>>, handler);
  }

  /** Binary messages of one channel (file chunks), only while the session holds its right. */
  onBinary(channel: DataChannelName, handler: (bytes: Uint8Array) => void): () => void {
    let set = this.binaryHandlers.get(channel);
    if (!set) this.binaryHandlers.set(channel, (set = new Set()));
    return this.add(set, handler);
  }

  /**
   * Sends one message. Queued while the channel opens or is congested; false when the outbox is
   * full or the peer closed (the message is dropped and reported).
   */
  send<C extends ChannelName>(channel: C, message: ChannelMessage<C>): boolean {
    const text = JSON.stringify(message);
    if (channel === 'session') {
      if (this.currentState === 'closed' || this.currentState === 'failed' || this.peer.destroyed)
        return false;
      if (this.peer.connected) return this.sendSession(text);
      this.sessionQueue.push(text);
      return true;
    }
    return this.push(channel as DataChannelName, text);
  }

  /** Sends one binary message (see `fileChunk`). False when the outbox is full or closed. */
  sendBinary(channel: DataChannelName, bytes: Uint8Array): boolean {
    return this.push(channel, bytes);
  }

  /** Resolves when the channel's queue is empty and its buffer under the low-water mark. */
  drained(channel: DataChannelName): Promise<void> {
    return this.channels.get(channel)!.outbox.drained();
  }

  /** Bytes waiting to go out on a channel (queue + the channel's own buffer). */
  pendingBytes(channel: DataChannelName): number {
    return this.channels.get(channel)!.outbox.pendingBytes;
  }

  /** The connection's statistics now (empty where the runtime gives none). */
  async stats(): Promise<PeerStatsEntry[]> {
    const pc = this.peer._pc;
    if (!pc?.getStats || this.currentState === 'closed') return [];
    const entries: PeerStatsEntry[] = [];
    (await pc.getStats()).forEach((entry) => entries.push(entry));
    return entries;
  }

  /** Ends this connection; handlers see `closed`. */
  close(): void {
    if (this.currentState === 'closed') return;
    this.finish();
    this.peer.destroy();
  }

  private finish(): void {
    for (const { channel, outbox } of this.channels.values()) {
      outbox.close();
      channel.onmessage = channel.onopen = channel.onbufferedamountlow = null;
      try {
        channel.close();
      } catch {
        // Already closed with the connection.
      }
    }
    this.setState('closed');
  }

  /**
   * simple-peer's send throws when its channel is closing before the peer has seen it close (the
   * other side just ended the session): the message is dropped and reported, never thrown at the
   * caller (a throw in the device's end() once left the session running there for ever).
   */
  private sendSession(text: string): boolean {
    try {
      this.peer.send(text);
      return true;
    } catch (err) {
      this.onDropped('session', `the session channel is not open (${err instanceof Error ? err.message : String(err)})`);
      return false;
    }
  }

  private push(channel: DataChannelName, data: string | Uint8Array): boolean {
    const ok = this.channels.get(channel)!.outbox.push(data);
    if (!ok)
      this.onDropped(
        channel,
        this.currentState === 'closed' ? 'the connection is closed' : 'the outgoing queue is full',
      );
    return ok;
  }

  private receive(channel: ChannelName, data: unknown): void {
    if (typeof data !== 'string') {
      const bytes = toBytes(data);
      if (!bytes) return this.onDropped(channel, 'unknown message type');
      if (channel === 'session') return this.dispatch(channel, decoder.decode(bytes));
      if (!this.rights.includes(CHANNELS[channel].right))
        return this.onDropped(channel, `the ${channel} channel needs the ${CHANNELS[channel].right} right`);
      for (const handler of this.binaryHandlers.get(channel) ?? []) handler(bytes);
      return;
    }
    this.dispatch(channel, data);
  }

  private dispatch(channel: ChannelName, text: string): void {
    const parsed = parseChannelMessage(channel, text, this.rights);
    if (!parsed.ok) return this.onDropped(channel, parsed.reason);
    for (const handler of this.handlers.get(channel) ?? [])
      (handler as Handler<typeof channel>)(parsed.message);
  }

  private setState(state: PeerState, detail?: string): void {
    if (this.currentState === state || this.currentState === 'closed') return;
    if (this.currentState === 'failed' && state !== 'closed') return;
    this.currentState = state;
    for (const handler of [...this.stateHandlers]) handler(state, detail);
  }

  private add<T>(set: Set<T>, handler: T): () => void {
    set.add(handler);
    return () => set.delete(handler);
  }
}
