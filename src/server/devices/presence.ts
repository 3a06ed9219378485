import { DEVICE_REQUESTS, type DeviceCapabilities, type DeviceRequestMethod, type DeviceRequestParams, type DeviceRequestResult } from '../../shared/device-protocol';
import { TandemError } from '../../shared/errors';
import type { DeviceSessionClientFrame, DeviceSessionServerFrame } from '../../shared/remote/signaling';
import type { ServerContext } from '../context';
import type { SharedLink, SharedPresence } from './shared-presence';

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
 * Which devices are connected to this server instance, and — through the shared registry
 * (SharedPresence, over the database and the instance bus) — to any instance sharing the database.
 * `get`, `isOnline`, `onlineIds` and `subscribe` are about this instance's own links (the remote
 * module keeps per-link state); `lookup` and `ask` are about every instance.
 */
export class DevicePresence {
  private readonly links = new Map<string, DeviceLink>();
  private shared: SharedPresence | null = null;
  private readonly listeners = new Set<(deviceId: string, online: boolean) => void>();
  private sessionFrameHandler: SessionFrameHandler | null = null;

  /** Shares this instance's links with the other instances (set once, at start). */
  share(shared: SharedPresence): void {
    this.shared = shared;
  }

  /**
   * Registers a link; an older link of the same device is closed (the newest connection wins, on
   * this instance at once, on another through the shared registry).
   */
  add(link: DeviceLink, closeOld: (old: DeviceLink) => void): void {
    const old = this.links.get(link.deviceId);
    this.links.set(link.deviceId, link);
    this.shared?.linked(link);
    if (old && old !== link) closeOld(old);
    else this.emit(link.deviceId, true);
  }

  /** The link's device told what it can do (its capabilities and agent changed). */
  described(link: DeviceLink): void {
    if (this.links.get(link.deviceId) === link) this.shared?.updated(link);
  }

  /** Forgets a link if it is still the current one for its device. */
  remove(link: DeviceLink): void {
    if (this.links.get(link.deviceId) !== link) return;
    this.links.delete(link.deviceId);
    this.shared?.unlinked(link);
    this.emit(link.deviceId, false);
  }

  /**
   * Which of these devices are connected, to this instance or any other live one sharing the
   * database, with what they said they can do.
   */
  async lookup(deviceIds: readonly string[]): Promise<Map<string, Pick<SharedLink, 'capabilities' | 'agent' | 'connectedAt'>>> {
    const found = new Map<string, Pick<SharedLink, 'capabilities' | 'agent' | 'connectedAt'>>(this.shared ? await this.shared.lookup(deviceIds) : []);
    // This instance's own links are known without waiting for the table.
    for (const id of deviceIds) {
      const link = this.links.get(id);
      if (link) found.set(id, { capabilities: link.capabilities, agent: link.agent, connectedAt: link.connectedAt });
    }
    return found;
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

  /** Closes a device's link, here or on the instance holding it (used when the device is revoked). */
  disconnect(deviceId: string, code: number, reason: string): void {
    this.links.get(deviceId)?.close(code, reason);
    this.shared?.closeElsewhere(deviceId, code, reason);
  }

  /** Closes every link (server shutdown). */
  closeAll(code: number, reason: string): void {
    for (const link of [...this.links.values()]) link.close(code, reason);
  }

  /**
   * The id of the server instance holding the device's link (this one's `instanceBus(ctx).instanceId`
   * when it is here), or null when it is connected nowhere: where to send what only that instance
   * can deliver, such as remote-session frames (publish on the instance bus with `to`).
   */
  async holderOf(deviceId: string): Promise<string | null> {
    if (!this.shared) return null;
    if (this.links.has(deviceId)) return this.shared.instanceId;
    return (await this.shared.lookup([deviceId])).get(deviceId)?.instanceId ?? null;
  }

  /**
   * Asks a connected device — here, or through the instance holding its link — and answers its
   * result: 409 when the device is not connected anywhere, 504 when it does not answer in time.
   */
  async ask<M extends DeviceRequestMethod>(deviceId: string, method: M, params: DeviceRequestParams<M>, timeoutMs: number): Promise<DeviceRequestResult<M>> {
    if (!this.links.has(deviceId) && this.shared) return this.shared.ask(deviceId, method, DEVICE_REQUESTS[method].params.parse(params) as DeviceRequestParams<M>, timeoutMs);
    return this.askHere(deviceId, method, params, timeoutMs);
  }

  /** Asks a device connected to this instance: 409 when it is not (here). */
  async askHere<M extends DeviceRequestMethod>(deviceId: string, method: M, params: DeviceRequestParams<M>, timeoutMs: number): Promise<DeviceRequestResult<M>> {
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
