import { randomBytes, randomUUID, verify } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  DEVICE_CLOSE,
  DEVICE_PROOF_MAX_SKEW_MS,
  DEVICE_REQUESTS,
  DEVICE_RESPONSE_MAX_BYTES,
  DeviceClientFrame,
  ResponseFrame,
  deviceProofMessage,
  type DeviceServerFrame,
} from '../../shared/device-protocol';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { DeviceLink, DevicePresence } from './presence';
import { publicKeyFromRaw } from './server-key';

export interface DeviceLinkTimings {
  /** How long a device has to answer the challenge. */
  authTimeoutMs: number;
  /** How often the device is told to send a heartbeat. */
  heartbeatMs: number;
  /** `last_seen_at` is written at most this often per device. */
  lastSeenWriteMs: number;
}

export const DEFAULT_LINK_TIMINGS: DeviceLinkTimings = { authTimeoutMs: 10_000, heartbeatMs: 15_000, lastSeenWriteMs: 30_000 };

interface Pending {
  method: keyof typeof DEVICE_REQUESTS;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  parts?: string[];
  partBytes?: number;
}

/**
 * Serves one device connection: challenge, proof of identity, then presence and requests. A
 * challenge is answered once, on the connection it was issued on, within the skew window; so a
 * recorded `auth` frame is useless on any other connection, and a forged one fails verification.
 */
export function serveDeviceLink(ctx: ServerContext, presence: DevicePresence, socket: WebSocket, address: string, timings: DeviceLinkTimings): void {
  const log = ctx.log.child({ module: 'device-link', address });
  const challenge = randomBytes(32).toString('base64url');
  const issuedAt = ctx.clock().getTime();
  let state: 'awaiting' | 'checking' | 'ready' | 'closed' = 'awaiting';
  let link: DeviceLink | null = null;
  const pending = new Map<string, Pending>();
  let lastFrameAt = Date.now();
  let lastSeenWrittenAt = 0;
  let watchdog: NodeJS.Timeout | undefined;

  const send = (frame: DeviceServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const close = (code: number, reason: string) => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
  };
  const refuse = (message: string, detail: Record<string, unknown> = {}) => {
    log.warn({ ...detail, reason: message }, 'device refused');
    send({ type: 'error', code: 'refused', message });
    close(DEVICE_CLOSE.refused, 'Refused.');
  };
  const authTimer = setTimeout(() => close(DEVICE_CLOSE.timeout, 'No proof of identity.'), timings.authTimeoutMs);

  const touchLastSeen = async (deviceId: string, force = false) => {
    const now = ctx.clock();
    if (!force && now.getTime() - lastSeenWrittenAt < timings.lastSeenWriteMs) return;
    lastSeenWrittenAt = now.getTime();
    // The write also re-checks revocation, so a device revoked through another instance is cut off too.
    const row = await ctx.store.db
      .updateTable('devices')
      .set({ last_seen_at: now })
      .where('id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) refuse('This device has been revoked. Enroll it again with a new token.');
  };

  const authenticate = async (frame: Extract<DeviceClientFrame, { type: 'auth' }>) => {
    state = 'checking';
    const now = ctx.clock().getTime();
    if (frame.challenge !== challenge) return refuse('This proof answers another challenge. Reconnect and sign the new one.', { deviceId: frame.deviceId });
    if (now - issuedAt > timings.authTimeoutMs) return refuse('The challenge has expired. Reconnect and sign the new one.', { deviceId: frame.deviceId });
    if (Math.abs(now - frame.timestamp) > DEVICE_PROOF_MAX_SKEW_MS) {
      return refuse("The proof's timestamp is too far from the server's clock. Check the device's clock.", { deviceId: frame.deviceId });
    }
    const row = await ctx.store.db.selectFrom('devices').select(['id', 'public_key', 'revoked_at']).where('id', '=', frame.deviceId).executeTakeFirst();
    if (!row || !row.public_key) return refuse('This device is not enrolled. Enroll it with a token from an admin.', { deviceId: frame.deviceId });
    if (row.revoked_at) return refuse('This device has been revoked. Enroll it again with a new token.', { deviceId: frame.deviceId });
    const message = Buffer.from(deviceProofMessage(frame.challenge, frame.deviceId, frame.timestamp), 'utf8');
    let valid = false;
    try {
      valid = verify(null, message, publicKeyFromRaw(row.public_key), Buffer.from(frame.signature, 'base64url'));
    } catch {
      valid = false;
    }
    if (!valid) return refuse('The signature does not match this device. It cannot connect as this device.', { deviceId: frame.deviceId });
    if (state !== 'checking' || socket.readyState !== socket.OPEN) return;
    clearTimeout(authTimer);
    state = 'ready';
    const deviceId = row.id;
    link = {
      deviceId,
      connectedAt: new Date(now),
      capabilities: null,
      agent: null,
      request: (method, params, timeoutMs) =>
        new Promise((resolve, reject) => {
          const id = randomUUID();
          const timer = setTimeout(() => {
            pending.delete(id);
            reject(new TandemError('timeout', 'The device did not answer in time. It may be busy or its connection poor; try again.'));
          }, timeoutMs);
          pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
          send({ type: 'request', id, method, params });
        }),
      send: (frame) => {
        if (state !== 'ready' || socket.readyState !== socket.OPEN) return false;
        send(frame);
        return true;
      },
      close: (code, reason) => close(code, reason),
    };
    presence.add(link, (old) => old.close(DEVICE_CLOSE.replaced, 'Replaced by a newer connection.'));
    await touchLastSeen(deviceId, true);
    send({ type: 'welcome', deviceId, heartbeatMs: timings.heartbeatMs });
    log.info({ deviceId }, 'device connected');
    watchdog = setInterval(() => {
      // Three missed heartbeats: the device is gone even if TCP has not noticed yet.
      if (Date.now() - lastFrameAt > timings.heartbeatMs * 3) {
        log.info({ deviceId }, 'device silent, closing');
        socket.terminate();
      }
    }, timings.heartbeatMs);
  };

  const settle = (response: ResponseFrame) => {
    const entry = pending.get(response.id);
    if (!entry) return log.warn({ id: response.id }, 'answer to no pending request dropped');
    pending.delete(response.id);
    clearTimeout(entry.timer);
    if (response.error) return entry.reject(new TandemError('bad_gateway', `The device could not do this: ${response.error.message}`));
    const result = DEVICE_REQUESTS[entry.method].result.safeParse(response.result);
    if (!result.success) {
      log.warn({ method: entry.method, issues: result.error.issues.slice(0, 5) }, 'malformed answer from device');
      return entry.reject(new TandemError('bad_gateway', 'The device answered with something malformed. Update its agent and try again.'));
    }
    entry.resolve(result.data);
  };

  const onPart = (frame: Extract<DeviceClientFrame, { type: 'response_part' }>) => {
    const entry = pending.get(frame.id);
    if (!entry) return log.warn({ id: frame.id }, 'part of an answer to no pending request dropped');
    entry.parts ??= new Array<string>(frame.count);
    entry.partBytes = (entry.partBytes ?? 0) + frame.data.length;
    if (entry.parts.length !== frame.count || frame.index >= frame.count || entry.partBytes > DEVICE_RESPONSE_MAX_BYTES) {
      pending.delete(frame.id);
      clearTimeout(entry.timer);
      return entry.reject(new TandemError('bad_gateway', 'The device sent an answer that is too large or out of order.'));
    }
    entry.parts[frame.index] = frame.data;
    if (entry.parts.some((p) => p === undefined) || entry.parts.length !== frame.count) return;
    for (let i = 0; i < frame.count; i++) if (entry.parts[i] === undefined) return;
    let whole: unknown;
    try {
      whole = JSON.parse(entry.parts.join(''));
    } catch {
      whole = null;
    }
    const parsed = ResponseFrame.safeParse(whole);
    if (!parsed.success || parsed.data.id !== frame.id) {
      pending.delete(frame.id);
      clearTimeout(entry.timer);
      return entry.reject(new TandemError('bad_gateway', 'The device sent a malformed answer.'));
    }
    settle(parsed.data);
  };

  socket.on('message', (data, isBinary) => {
    lastFrameAt = Date.now();
    let frame: DeviceClientFrame;
    try {
      if (isBinary) throw new Error('binary');
      const raw = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      frame = DeviceClientFrame.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      log.warn({ state }, 'unknown or malformed frame from device dropped');
      return;
    }
    if (state === 'awaiting') {
      if (frame.type !== 'auth') return log.warn({ type: frame.type }, 'frame before proof of identity dropped');
      authenticate(frame).catch((err: unknown) => {
        log.error({ err }, 'device authentication failed');
        close(DEVICE_CLOSE.refused, 'Authentication failed.');
      });
      return;
    }
    if (state !== 'ready' || !link) return log.warn({ type: frame.type, state }, 'frame out of turn dropped');
    const deviceId = link.deviceId;
    if (frame.type === 'heartbeat') void touchLastSeen(deviceId).catch((err: unknown) => log.error({ err, deviceId }, 'last seen not recorded'));
    else if (frame.type === 'capabilities') {
      link.capabilities = frame.capabilities;
      link.agent = frame.agent;
      presence.described(link);
    } else if (frame.type === 'response') settle(frame);
    else if (frame.type === 'response_part') onPart(frame);
    else if (frame.type === 'session_answer' || frame.type === 'session_signal' || frame.type === 'session_ended' || frame.type === 'session_log') {
      if (!presence.deliverSessionFrame(link, frame)) log.warn({ deviceId, type: frame.type }, 'remote-session frame with no one to take it dropped');
    } else log.warn({ deviceId }, 'second proof of identity on one connection dropped');
  });

  socket.on('close', () => {
    state = 'closed';
    clearTimeout(authTimer);
    clearInterval(watchdog);
    for (const entry of pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(new TandemError('conflict', 'The device went offline before it answered. Try again when it is connected.'));
    }
    pending.clear();
    if (link) {
      presence.remove(link);
      log.info({ deviceId: link.deviceId }, 'device disconnected');
    }
  });
  socket.on('error', () => socket.terminate());
  send({ type: 'challenge', challenge, serverTime: issuedAt });
}
