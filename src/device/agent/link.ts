import WebSocket from 'ws';
import {
  DEVICE_CLOSE,
  DEVICE_CONNECT_PATH,
  DEVICE_REQUESTS,
  DeviceServerFrame,
  responseFrames,
  type DeviceCapabilities,
  type DeviceClientFrame,
  type DeviceRequestMethod,
  type DeviceRequestParams,
  type DeviceRequestResult,
  type ResponseFrame,
} from '../../shared/device-protocol';
import type { DeviceSessionClientFrame, DeviceSessionServerFrame } from '../../shared/remote/signaling';
import { signDeviceProof } from '../identity';

/** What the device does for each request the server may make. */
export type DeviceRequestHandlers = { [M in DeviceRequestMethod]: (params: DeviceRequestParams<M>) => Promise<DeviceRequestResult<M>> };

/** The few logger methods the link uses (pino's fit). */
export interface LinkLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DeviceLinkOptions {
  server: string;
  deviceId: string;
  privateKeyPem: string;
  handlers: DeviceRequestHandlers;
  /** What this device can do, told to the server on every connect. */
  capabilities?: () => Promise<DeviceCapabilities>;
  /** The agent's name and version. */
  agent?: string;
  log: LinkLogger;
  /** First and largest reconnect delay; the delay doubles in between, with jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** Called when the server refuses this device for good (revoked, unknown, wrong key). */
  onRefused?: (message: string) => void;
  onStatus?: (status: LinkStatus) => void;
}

export type LinkStatus = 'connecting' | 'online' | 'offline' | 'refused' | 'stopped';

/**
 * The device's side of the device link: connects, proves its identity, sends heartbeats, answers
 * requests, and reconnects with backoff after anything but a refusal. A refusal (revoked or
 * unknown device, bad key) stops it: retrying would only be refused again.
 */
export class DeviceLinkClient {
  private socket: WebSocket | null = null;
  private status: LinkStatus = 'offline';
  private attempt = 0;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastRefusal = '';
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly sessionListeners = new Set<(frame: DeviceSessionServerFrame) => void>();
  /** Record lines and ends told while the link was down: sent after the next `welcome`. */
  private readonly pendingSessionFrames: DeviceSessionClientFrame[] = [];

  constructor(private readonly options: DeviceLinkOptions) {
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
  }

  get state(): LinkStatus {
    return this.status;
  }

  start(): void {
    if (this.status === 'stopped' || this.status === 'refused' || this.socket) return;
    this.connect();
  }

  /** Closes the link for good (SIGTERM); answers when the socket has closed. */
  async stop(): Promise<void> {
    this.setStatus('stopped');
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => socket.terminate(), 2000);
      socket.once('close', () => {
        clearTimeout(kill);
        resolve();
      });
      socket.close(DEVICE_CLOSE.shutdown, 'Agent stopping.');
    });
  }

  /** Remote-session frames pushed by the server (offer, signal, end); answers a function that stops it. */
  onSessionFrame(listener: (frame: DeviceSessionServerFrame) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  /**
   * Sends a remote-session frame. Signals and answers are only worth sending now (false when the
   * link is down: the session host retries with a new attempt); record lines and ends wait for the
   * next connection (a bounded few) so the session's record is not lost to a brief drop.
   */
  sendSessionFrame(frame: DeviceSessionClientFrame): boolean {
    const socket = this.socket;
    if (socket && socket.readyState === WebSocket.OPEN && this.status === 'online') {
      socket.send(JSON.stringify(frame));
      return true;
    }
    if ((frame.type === 'session_log' || frame.type === 'session_ended') && this.pendingSessionFrames.length < 1000) this.pendingSessionFrames.push(frame);
    return false;
  }

  private setStatus(status: LinkStatus) {
    if (this.status === status || this.status === 'stopped') return;
    this.status = status;
    this.options.onStatus?.(status);
  }

  private connect() {
    const { server, log } = this.options;
    const url = new URL(DEVICE_CONNECT_PATH, server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.setStatus('connecting');
    const socket = new WebSocket(url, { handshakeTimeout: 10_000, maxPayload: 1024 * 1024 });
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      let frame: DeviceServerFrame;
      try {
        if (isBinary) throw new Error('binary');
        frame = DeviceServerFrame.parse(JSON.parse((data as Buffer).toString('utf8')));
      } catch {
        log.warn({}, 'unknown or malformed frame from the server dropped');
        return;
      }
      this.onFrame(socket, frame);
    });
    socket.on('close', (code, reason) => {
      clearInterval(this.heartbeat);
      this.socket = null;
      if (this.status === 'stopped') return;
      if (code === DEVICE_CLOSE.refused) {
        const message = this.lastRefusal || reason.toString() || 'The server refused this device.';
        log.error({ code }, `refused by the server: ${message}`);
        this.setStatus('refused');
        this.options.onRefused?.(message);
        return;
      }
      const wasOnline = this.status === 'online';
      this.setStatus('offline');
      const delay = this.nextDelay();
      log[wasOnline ? 'warn' : 'info']({ code, reason: reason.toString(), retryInMs: delay }, 'link to the server closed; reconnecting');
      this.retry = setTimeout(() => this.connect(), delay);
    });
    socket.on('error', (err) => {
      log.warn({ err: err.message }, 'link error');
    });
  }

  private nextDelay(): number {
    const { initialMs, maxMs } = this.backoff;
    const base = Math.min(maxMs, initialMs * 2 ** this.attempt++);
    // Jitter keeps a fleet that lost the server together from reconnecting in lockstep.
    return Math.round(base / 2 + (Math.random() * base) / 2);
  }

  private send(socket: WebSocket, frame: DeviceClientFrame | string) {
    if (socket.readyState === WebSocket.OPEN) socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  private onFrame(socket: WebSocket, frame: DeviceServerFrame) {
    const { deviceId, privateKeyPem, log } = this.options;
    switch (frame.type) {
      case 'challenge': {
        const timestamp = Date.now();
        this.send(socket, { type: 'auth', deviceId, challenge: frame.challenge, timestamp, signature: signDeviceProof(privateKeyPem, frame.challenge, deviceId, timestamp) });
        return;
      }
      case 'welcome':
        this.attempt = 0;
        this.setStatus('online');
        log.info({ deviceId }, 'online: connected to the server');
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => this.send(socket, { type: 'heartbeat' }), frame.heartbeatMs);
        void this.tellCapabilities(socket);
        for (const pending of this.pendingSessionFrames.splice(0)) this.send(socket, pending);
        return;
      case 'error':
        this.lastRefusal = frame.message;
        log.warn({ code: frame.code }, frame.message);
        return;
      case 'request':
        void this.answer(socket, frame.id, frame.method, frame.params);
        return;
      case 'session_offer':
      case 'session_signal':
      case 'session_end':
        for (const listener of this.sessionListeners) listener(frame);
    }
  }

  private async tellCapabilities(socket: WebSocket) {
    const { capabilities, agent, log } = this.options;
    if (!capabilities) return;
    try {
      this.send(socket, { type: 'capabilities', agent: agent ?? 'tandem-agent', capabilities: await capabilities() });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'capabilities not told');
    }
  }

  private async answer(socket: WebSocket, id: string, method: DeviceRequestMethod, rawParams: unknown) {
    const { log, handlers } = this.options;
    let response: ResponseFrame;
    const params = DEVICE_REQUESTS[method].params.safeParse(rawParams);
    if (!params.success) {
      log.warn({ method }, 'request with malformed params refused');
      response = { type: 'response', id, error: { code: 'bad_request', message: 'Malformed parameters.' } };
    } else {
      try {
        const started = Date.now();
        const result = await handlers[method](params.data);
        response = { type: 'response', id, result };
        log.info({ method, ms: Date.now() - started }, 'answered request');
      } catch (err) {
        log.error({ method, err: (err as Error).message }, 'request failed');
        response = { type: 'response', id, error: { code: 'failed', message: String((err as Error).message ?? err).slice(0, 400) } };
      }
    }
    for (const frame of responseFrames(response)) this.send(socket, frame);
  }
}
