import { DEVICE_REQUESTS, type DeviceCapabilities, type DeviceRequestMethod, type DeviceRequestParams, type DeviceRequestResult } from '../../shared/device-protocol';
import { TandemError } from '../../shared/errors';
import type { DeviceSessionClientFrame, DeviceSessionServerFrame } from '../../shared/remote/signaling';
import type { ServerContext } from '../context';

/** One connected, authenticated device as the rest of the server sees it. */
export interface DeviceLink {
  deviceId: string;
  connectedAt: Date;
  /** What the device said it can do, once it has said so. */
  capabilities: DeviceCapabilities | null;
  /** The agent's name and version, as it said. */
  agent: string | null;
  /** Sends a typed request and resolves with the device's checked answer. */
  request<M extends DeviceRequestMethod>(method: M, params: DeviceRequestParams<M>, timeoutMs: number): Promise<DeviceRequestResult<M>>;
  /** Pushes a remote-session frame to the device; false when the link is no longer open. */
  send(frame: DeviceSessionServerFrame): boolean;
  /** Closes the link at once (revoked, replaced, shutting down). */
  close(code: number, reason: string): void;
}

/** Receives the remote-session frames devices send (the remote module registers one). */
export type SessionFrameHandler = (link: DeviceLink, frame: DeviceSessionClientFrame) => void;

/**
 * Which devices are connected to this server instance. Presence is per instance for now: with
 * several instances a device is online on the one it reached (a shared registry comes with
 * multi-instance signaling).
 */
export class DevicePresence {
  private readonly links = new Map<string, DeviceLink>();
  private readonly listeners = new Set<(deviceId: string, online: boolean) => void>();
  private sessionFrameHandler: SessionFrameHandler | null = null;

  /** Registers a link; an older link of the same device is closed (the newest connection wins). */
  add(link: DeviceLink, closeOld: (old: DeviceLink) => void): void {
    const old = this.links.get(link.deviceId);
    this.links.set(link.deviceId, link);
    if (old && old !== link) closeOld(old);
    else this.emit(link.deviceId, true);
  }

  /** Forgets a link if it is still the current one for its device. */
  remove(link: DeviceLink): void {
    if (this.links.get(link.deviceId) !== link) return;
    this.links.delete(link.deviceId);
    this.emit(link.deviceId, false);
  }

  get(deviceId: string): DeviceLink | undefined {
    return this.links.get(deviceId);
  }

  isOnline(deviceId: string): boolean {
    return this.links.has(deviceId);
  }

  onlineIds(): string[] {
    return [...this.links.keys()];
  }

  /** Calls `listener` when a device comes online or goes offline; answers a function that stops it. */
  subscribe(listener: (deviceId: string, online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Routes the devices' `session_*` frames to `handler` (one handler: the remote-session module). */
  onSessionFrame(handler: SessionFrameHandler): void {
    this.sessionFrameHandler = handler;
  }

  /** Called by the link for each `session_*` frame; dropped when no remote module listens. */
  deliverSessionFrame(link: DeviceLink, frame: DeviceSessionClientFrame): boolean {
    if (!this.sessionFrameHandler || this.links.get(link.deviceId) !== link) return false;
    this.sessionFrameHandler(link, frame);
    return true;
  }

  /** Closes a device's link, if it has one (used when the device is revoked). */
  disconnect(deviceId: string, code: number, reason: string): void {
    this.links.get(deviceId)?.close(code, reason);
  }

  /** Closes every link (server shutdown). */
  closeAll(code: number, reason: string): void {
    for (const link of [...this.links.values()]) link.close(code, reason);
  }

  /**
   * Asks a connected device and answers its result: 409 when the device is not connected, 504 when
   * it does not answer in time.
   */
  async ask<M extends DeviceRequestMethod>(deviceId: string, method: M, params: DeviceRequestParams<M>, timeoutMs: number): Promise<DeviceRequestResult<M>> {
    const link = this.links.get(deviceId);
    if (!link) throw new TandemError('conflict', 'This device is offline. Try again when it is connected.');
    return link.request(method, DEVICE_REQUESTS[method].params.parse(params) as DeviceRequestParams<M>, timeoutMs);
  }

  private emit(deviceId: string, online: boolean) {
    for (const listener of this.listeners) listener(deviceId, online);
  }
}

const registries = new WeakMap<ServerContext, DevicePresence>();

/** The presence registry of a server instance (one per context). */
export function devicePresence(ctx: ServerContext): DevicePresence {
  let presence = registries.get(ctx);
  if (!presence) {
    presence = new DevicePresence();
    registries.set(ctx, presence);
  }
  return presence;
}
