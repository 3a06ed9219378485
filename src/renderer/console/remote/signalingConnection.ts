import type { TandemClient } from '../../../shared/api/client';
import type { IceServer } from '../../../shared/api/remote-sessions';
import type { RemoteRight, RemoteSession } from '../../../shared/domain/remote-session';
import type { Monitor, SessionMessage } from '../../../shared/remote/channels';
import type { RemotePeer } from '../../../shared/remote/peer';
import { AgentSignalServerFrame, REMOTE_SIGNAL_CLOSE, remoteSignalPath, type AgentSignalClientFrame } from '../../../shared/remote/signaling';
import { createBrowserPeer } from './browserPeer';
import type { SessionEvent } from './sessionModel';

/** Opens a WebRTC peer for the console; swapped in tests. */
export type PeerFactory = (iceServers: IceServer[], rights: readonly RemoteRight[]) => RemotePeer;

export interface SessionConnectionOptions {
  client: TandemClient;
  /** The server's origin ('' for the page's own). */
  baseUrl: string;
  sessionId: string;
  /** View events (state frames, socket and peer changes). */
  onEvent(event: SessionEvent): void;
  /** A new peer (after the device's offer, again after each reconnect) or none. */
  onPeer(peer: RemotePeer | null): void;
  /** The device's screen (null when the peer goes). */
  onStream(stream: MediaStream | null): void;
  createPeer?: PeerFactory;
}

const RETRY_MS = [500, 1000, 2000, 4000, 8000];

/**
 * The console's connection to one remote session: the signaling socket (auth, `state` frames,
 * relayed signals, reconnecting with back-off) and the RemotePeer negotiated over it. The device
 * initiates; each of its negotiation attempts gets a fresh peer here, and signals of an older
 * attempt are ignored (the server drops them too).
 */
export class SessionConnection {
  private socket: WebSocket | null = null;
  private peer: RemotePeer | null = null;
  private attempt = -1;
  private iceServers: IceServer[] = [];
  private rights: RemoteRight[] = [];
  private status: RemoteSession['status'] | null = null;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly options: SessionConnectionOptions) {}

  start(): void {
    this.open();
  }

  /** The agent ends the session: over the socket when it is up, else through the API. */
  async end(reason?: string): Promise<void> {
    // Through the server only: it records who ended it and tells the device (a peer `end` racing it
    // would be recorded as the device ending the session).
    const frame: AgentSignalClientFrame = { type: 'end', ...(reason ? { reason } : {}) };
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
    else await this.options.client.post(`/api/remote-sessions/${encodeURIComponent(this.options.sessionId)}/end`, reason ? { reason } : {}, undefined as never);
  }

  /** Sends a session message (monitor, quality) on the current peer. */
  sendSession(message: SessionMessage): boolean {
    return this.peer?.send('session', message) ?? false;
  }

  /** Closes the socket and the peer for good (leaving the page). */
  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.close(1000);
    this.socket = null;
    this.dropPeer();
  }

  private url(): string {
    const base = this.options.baseUrl || location.origin;
    const url = new URL(remoteSignalPath(this.options.sessionId), base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  private open(): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onopen = () => {
      void this.token().then(
        (accessToken) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ type: 'auth', accessToken } satisfies AgentSignalClientFrame)),
        (err: unknown) => this.options.onEvent({ type: 'socket_refused', message: err instanceof Error ? err.message : String(err) }),
      );
    };
    socket.onmessage = (event) => {
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = AgentSignalServerFrame.safeParse(json);
      if (parsed.success) this.receive(parsed.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      if (event.code === REMOTE_SIGNAL_CLOSE.refused) {
        this.options.onEvent({ type: 'socket_refused', message: event.reason || 'refused' });
        return;
      }
      // The session is over (ended, timed out): the last state frame already said why.
      if (this.isOver()) return;
      this.options.onEvent({ type: 'socket_down' });
      const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
      this.retry = setTimeout(() => this.open(), wait);
    };
  }

  private async token(): Promise<string> {
    return this.options.client.accessTokenNow ?? this.options.client.refreshAccessToken();
  }

  private isOver(): boolean {
    return this.status !== null && this.status !== 'pending' && this.status !== 'active';
  }

  private receive(frame: AgentSignalServerFrame): void {
    switch (frame.type) {
      case 'state':
        this.failures = 0;
        this.status = frame.session.status;
        this.iceServers = frame.iceServers;
        if (!this.peer || this.rights.length === 0) this.rights = frame.session.granted;
        this.options.onEvent({ type: 'state', session: frame.session, now: Date.now(), ...(frame.consentLeftMs !== undefined ? { consentLeftMs: frame.consentLeftMs } : {}) });
        if (this.isOver()) {
          this.dropPeer();
          this.socket?.close(1000);
        }
        return;
      case 'signal':
        if (this.status !== 'active' || frame.attempt < this.attempt) return;
        if (frame.attempt > this.attempt || !this.peer) this.newPeer(frame.attempt);
        this.peer!.signal(frame.signal);
        return;
      case 'error':
        if (frame.code === 'token_expired') {
          void this.options.client.refreshAccessToken().then((accessToken) => this.socket?.send(JSON.stringify({ type: 'auth', accessToken })));
        }
        return;
    }
  }

  private newPeer(attempt: number): void {
    const reconnect = this.peer !== null;
    this.dropPeer();
    this.attempt = attempt;
    const peer = (this.options.createPeer ?? createBrowserPeer)(this.iceServers, this.rights);
    this.peer = peer;
    peer.onSignal((signal) => {
      if (this.peer === peer && this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'signal', attempt, signal } satisfies AgentSignalClientFrame));
    });
    peer.onTrack((_track, stream) => this.peer === peer && this.options.onStream(stream as unknown as MediaStream));
    peer.onState((state) => {
      if (this.peer !== peer) return;
      if (state === 'connected') this.options.onEvent({ type: 'peer', peer: 'connected' });
      else if (state === 'disconnected' || state === 'failed' || state === 'closed') this.options.onEvent({ type: 'peer', peer: 'reconnecting' });
    });
    peer.on('session', (message) => {
      if (this.peer !== peer) return;
      if (message.t === 'hello') {
        this.rights = message.rights;
        peer.setRights(message.rights);
        const hello = { deviceName: message.deviceName, monitors: message.monitors as Monitor[], monitor: message.monitor, maxFileBytes: message.maxFileBytes };
        this.options.onEvent({ type: 'hello', rights: message.rights, hello });
      } else if (message.t === 'rights') {
        this.rights = message.rights;
        peer.setRights(message.rights);
        this.options.onEvent({ type: 'rights', rights: message.rights });
      } else if (message.t === 'ping') {
        peer.send('session', { t: 'pong', n: message.n, at: message.at });
      }
    });
    this.options.onEvent({ type: 'peer', peer: reconnect ? 'reconnecting' : 'negotiating' });
    this.options.onPeer(peer);
  }

  private dropPeer(): void {
    if (!this.peer) return;
    const peer = this.peer;
    this.peer = null;
    peer.close();
    this.options.onPeer(null);
    this.options.onStream(null);
  }
}
