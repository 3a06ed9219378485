import type { RemoteRight } from '../../shared/domain/remote-session';
import type { ChannelMessage, SessionMessage } from '../../shared/remote/channels';
import type { ChatLine, RunningSession } from '../../shared/remote/consent';
import type { RemotePeer, RemotePeerOptions } from '../../shared/remote/peer';
import type {
  DeviceSessionClientFrame,
  SessionLogFrame,
  SessionOfferFrame,
} from '../../shared/remote/signaling';
import type { LinkLogger } from '../agent/link';
import { loadNut } from '../nut';
import { openClipboard } from './clipboard';
import type { DataChannelName, SessionContext } from './context';
import { ControlService } from './control';
import { DiagnosticsChannel } from './diagnostics-channel';
import { FileTransfers, type FileTransferOptions } from './file-transfers';
import { ScreenQualityGovernor } from './screen-quality';
import type { ScreenStream } from './screen-stream';
import { ShellTabs } from './shell-tabs';

/** How the device keeps a session through network trouble. */
export interface ReconnectPolicy {
  /** A session whose connection is gone this long (and no attempt got through) ends. */
  windowMs: number;
  /** An attempt that has not connected after this long is replaced by a new one. */
  attemptTimeoutMs: number;
  /** ICE `disconnected` may heal by itself; after this long we start a new attempt. */
  disconnectGraceMs: number;
  /** Pause before a new attempt. */
  retryDelayMs: number;
}
export const DEFAULT_RECONNECT: ReconnectPolicy = {
  windowMs: 60_000,
  attemptTimeoutMs: 15_000,
  disconnectGraceMs: 3000,
  retryDelayMs: 500,
};

export interface HostedSessionOptions {
  offer: SessionOfferFrame;
  granted: RemoteRight[];
  send: (frame: DeviceSessionClientFrame) => boolean;
  deviceName: string;
  serverUrl: string;
  log: LinkLogger;
  files: FileTransferOptions;
  createPeer: (options: Omit<RemotePeerOptions, 'SimplePeer' | 'wrtc'>) => RemotePeer;
  reconnect: ReconnectPolicy;
  /** Something the tray shows changed (connection, rights, chat). */
  onChange: () => void;
  /** The session is over (whoever ended it). */
  onEnded: (reason: string) => void;
}

/**
 * One granted remote session on the device. It owns the channel services (terminal tabs, screen,
 * control, diagnostics, files, chat) for the whole session and hands them the connection of the
 * moment: the device is the initiator, and when the connection fails or stays disconnected it
 * starts a new attempt (a new RemotePeer, a higher `attempt` number) until the reconnect window
 * closes. Shells keep running meanwhile and replay their scrollback when the console re-opens them.
 */
export class HostedSession {
  readonly id: string;
  private peer: RemotePeer | null = null;
  private attempt = 0;
  private viewOnly = false;
  private ended = false;
  private connectedOnce = false;
  private connection: RunningSession['connection'] = 'connecting';
  private lostAt = Date.now();
  private readonly startedAt = Date.now();
  private readonly chat: ChatLine[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private readonly ctx: SessionContext;
  private readonly shell: ShellTabs | null;
  private readonly diagnostics: DiagnosticsChannel | null;
  private readonly files: FileTransfers | null;
  private screen: ScreenStream | null = null;
  private quality: ScreenQualityGovernor | null = null;
  private control: ControlService | null = null;

  private constructor(private readonly options: HostedSessionOptions) {
    this.id = options.offer.sessionId;
    this.ctx = {
      sessionId: this.id,
      rights: () => this.rights(),
      send: (channel, message) =>
        this.peer?.send(channel, message as ChannelMessage<typeof channel>) ?? false,
      sendBinary: (channel, bytes) => this.peer?.sendBinary(channel, bytes) ?? false,
      drained: (channel) => this.peer?.drained(channel) ?? Promise.resolve(),
      connected: () => this.peer?.state === 'connected',
      record: (kind, data) => this.record(kind, data),
      log: options.log,
    };
    const has = (r: RemoteRight) => options.granted.includes(r);
    this.shell = has('shell') ? new ShellTabs(this.ctx) : null;
    this.diagnostics = has('diagnostics') ? new DiagnosticsChannel(this.ctx, options.serverUrl) : null;
    this.files = has('files') ? new FileTransfers(this.ctx, options.files) : null;
  }

  /** Opens what the granted rights need (screen, input) and starts the first attempt. */
  static async start(options: HostedSessionOptions): Promise<HostedSession> {
    const session = new HostedSession(options);
    const has = (r: RemoteRight) => options.granted.includes(r);
    if (has('view')) {
      // Loaded here, not at start-up: wrtc's native module costs a second or more to load, and a
      // headless agent may never run a session.
      const { ScreenStream } = await import('./screen-stream');
      const screen = await ScreenStream.open(options.log);
      session.screen = screen;
      session.quality = new ScreenQualityGovernor({ applyCapture: (step) => screen.fitToConnection(step.maxFps, step.maxWidth), log: options.log });
      screen.start();
    }
    if (has('control')) {
      const screen = session.screen;
      const nut = await loadNut();
      session.control = new ControlService(
        session.ctx,
        nut,
        () => screen?.monitor ?? { x: 0, y: 0, width: 1, height: 1 },
        await openClipboard(),
      );
      session.control.start();
    }
    session.connect();
    return session;
  }

  /** Rights in force now. */
  rights(): RemoteRight[] {
    return this.viewOnly ? this.options.granted.filter((r) => r !== 'control') : [...this.options.granted];
  }

  /** A relayed signal: only the current attempt's are used. */
  signal(attempt: number, signal: Parameters<RemotePeer['signal']>[0]): void {
    if (attempt !== this.attempt || !this.peer) return;
    this.peer.signal(signal);
  }

  /** The person at the device takes control back (true) or gives it again (false). */
  setViewOnly(viewOnly: boolean): void {
    if (this.ended || viewOnly === this.viewOnly || !this.options.granted.includes('control')) return;
    this.viewOnly = viewOnly;
    const rights = this.rights();
    this.peer?.setRights(rights);
    if (viewOnly) void this.control?.releaseAll();
    this.peer?.send('session', { t: 'rights', rights });
    this.record('rights_changed', { rights, viewOnly });
    this.options.onChange();
  }

  /** The person at the device writes to the agent. */
  sendChat(text: string): void {
    if (this.ended || !this.options.granted.includes('chat'))
      throw new Error('Chat is not part of this session.');
    const line: ChatLine = {
      id: `d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      from: 'device',
      text,
      at: Date.now(),
    };
    this.peer?.send('chat', { t: 'message', id: line.id, text, at: line.at });
    this.addChat(line);
  }

  running(): RunningSession {
    const { offer } = this.options;
    return {
      sessionId: this.id,
      agent: { name: offer.agent.name, email: offer.agent.email },
      ticket: offer.ticket,
      rights: this.rights(),
      viewOnly: this.viewOnly,
      unattended: offer.unattended,
      connection: this.connection,
      startedAt: this.startedAt,
      chat: this.chat.slice(-50),
    };
  }

  /**
   * Ends the session: tells the agent over the connection, tells the server unless it told us
   * (`by: 'server'`), and closes every tab, transfer and track.
   */
  async end(reason: string, by: 'device' | 'agent' | 'server'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    // Whatever fails on the way, the session ends here: a session left running would refuse every
    // later request to this device.
    try {
      if (by !== 'agent') this.peer?.send('session', { t: 'end', reason: reason.slice(0, 500) });
      if (by !== 'server')
        this.options.send({ type: 'session_ended', sessionId: this.id, reason: reason.slice(0, 500) });
      // Let the end message leave before the connection closes.
      await new Promise((r) => setTimeout(r, 50));
      this.shell?.close();
      this.quality?.stop();
      this.screen?.stop();
      await Promise.all([this.control?.close(), this.files?.close()]);
    } finally {
      this.peer?.close();
      this.peer = null;
      this.options.onEnded(reason);
    }
  }

  private record(kind: SessionLogFrame['kind'], data: Record<string, unknown>): void {
    this.options.send({ type: 'session_log', sessionId: this.id, kind, data });
  }

  private later(ms: number, run: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private clearTimer(t: NodeJS.Timeout | null): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  private connect(): void {
    if (this.ended) return;
    const attempt = ++this.attempt;
    const { log, reconnect } = this.options;
    const peer = this.options.createPeer({
      initiator: true,
      iceServers: this.options.offer.iceServers,
      rights: this.rights(),
      ...(this.screen ? { stream: this.screen.newStream() } : {}),
      onDropped: (channel, reason) =>
        log.warn({ sessionId: this.id, channel, reason }, 'remote session message dropped'),
    });
    this.peer = peer;
    peer.onSignal((signal) =>
      this.options.send({ type: 'session_signal', sessionId: this.id, attempt, signal }),
    );
    let attemptTimer: NodeJS.Timeout | null = this.later(reconnect.attemptTimeoutMs, () =>
      this.retry(peer, `attempt ${attempt} did not connect in ${reconnect.attemptTimeoutMs} ms`),
    );
    let graceTimer: NodeJS.Timeout | null = null;
    peer.onState((state, detail) => {
      if (peer !== this.peer || this.ended) return;
      if (state === 'connected') {
        this.clearTimer(attemptTimer);
        this.clearTimer(graceTimer);
        attemptTimer = graceTimer = null;
        if (this.connection === 'connected') return; // healed by ICE itself
        this.connection = 'connected';
        this.record(this.connectedOnce ? 'reconnected' : 'connected', { attempt });
        log.info(
          { sessionId: this.id, attempt },
          this.connectedOnce ? 'remote session reconnected' : 'remote session connected',
        );
        this.connectedOnce = true;
        this.quality?.attach(peer);
        this.hello();
        this.options.onChange();
      } else if (state === 'disconnected') {
        this.markLost();
        graceTimer ??= this.later(reconnect.disconnectGraceMs, () =>
          this.retry(peer, 'the connection stayed disconnected'),
        );
      } else {
        this.retry(peer, detail ?? state);
      }
    });
    peer.on('session', (message) => this.onSession(message));
    if (this.shell) peer.on('shell', (m) => this.shell!.handle(m));
    if (this.control) peer.on('control', (m) => this.control!.handle(m));
    if (this.diagnostics) peer.on('diagnostics', (m) => this.diagnostics!.handle(m));
    if (this.files) {
      peer.on('files', (m) => this.files!.handle(m));
      peer.onBinary('files', (b) => this.files!.chunk(b));
    }
    if (this.options.granted.includes('chat'))
      peer.on(
        'chat',
        (m) => m.t === 'message' && this.addChat({ id: m.id, from: 'agent', text: m.text, at: Date.now() }),
      );
  }

  private markLost(): void {
    if (this.connection === 'connected') {
      this.lostAt = Date.now();
      this.connection = 'reconnecting';
      this.options.onChange();
    }
  }

  private retry(peer: RemotePeer, why: string): void {
    if (peer !== this.peer || this.ended) return;
    this.markLost();
    this.peer = null;
    this.quality?.detach(peer);
    peer.close();
    const { reconnect, log } = this.options;
    if (Date.now() - this.lostAt > reconnect.windowMs) {
      void this.end(
        this.connectedOnce
          ? 'The connection to the agent was lost and could not be restored.'
          : 'The agent did not connect to the device in time.',
        'device',
      );
      return;
    }
    log.info({ sessionId: this.id, attempt: this.attempt, why }, 'remote session: trying a new connection');
    this.later(reconnect.retryDelayMs, () => this.connect());
  }

  private hello(): void {
    this.peer?.send('session', {
      t: 'hello',
      rights: this.rights(),
      deviceName: this.options.deviceName.slice(0, 120),
      monitors: this.screen?.monitorList() ?? [],
      monitor: this.screen?.monitor.id ?? null,
      maxFileBytes: this.options.files.maxBytes,
    });
  }

  private onSession(message: SessionMessage): void {
    switch (message.t) {
      case 'monitor':
        if (this.screen?.setMonitor(message.id)) this.hello();
        return;
      case 'quality':
        return this.screen?.setQuality(message.maxFps, message.maxWidth);
      case 'ping':
        return void this.peer?.send('session', { t: 'pong', n: message.n, at: message.at });
      case 'end':
        // The agent's console says so over the connection; the server hears it from us as well
        // (end() tells it), in case the console could not tell it itself.
        return void this.end(message.reason ? `Ended by the agent: ${message.reason}` : 'The agent ended the session.', 'agent');
      default:
        return;
    }
  }

  private addChat(line: ChatLine): void {
    this.chat.push(line);
    if (this.chat.length > 50) this.chat.splice(0, this.chat.length - 50);
    this.record('chat', { from: line.from, text: line.text });
    this.options.log.info({ sessionId: this.id, from: line.from }, 'remote session chat message');
    this.options.onChange();
  }
}

export type { DataChannelName };
