import { z } from 'zod';
import { Id } from './domain/common';
import { DiagnosticsSnapshot } from './domain/diagnostics';
import { DeviceSessionSignalFrame, SessionAnswerFrame, SessionEndFrame, SessionEndedFrame, SessionLogFrame, SessionOfferFrame } from './remote/signaling';

/**
 * The device link: the one WebSocket (`/api/devices/connect`) over which an enrolled device proves
 * who it is, keeps its presence, and answers the server's requests. Every frame either way is JSON
 * text checked against these schemas; a frame that does not parse is dropped and logged.
 *
 * 1. server → `challenge` (32 random bytes, base64url, single use, short-lived)
 * 2. device → `auth`: Ed25519 signature over {@link deviceProofMessage}(challenge, deviceId, timestamp)
 * 3. server → `welcome` (or closes with {@link DEVICE_CLOSE}.refused and an `error` frame)
 * 4. device → `capabilities`, then `heartbeat` every `heartbeatMs`; server → `request`, device → `response`
 *    (or `response_part`s when the answer is larger than one frame)
 * 5. remote sessions: the `session_*` frames of `remote/signaling.ts` (offer, answer, WebRTC signals,
 *    end, and the device's lines for the session record)
 */

export const DEVICE_CONNECT_PATH = '/api/devices/connect';

/** Close codes a device acts on. `refused`: stop and tell a person (revoked, unknown, bad key); others: reconnect. */
export const DEVICE_CLOSE = { refused: 4403, replaced: 4409, timeout: 4408, shutdown: 1001 } as const;

/** A signature timestamp further than this from the server's clock is refused as stale. */
export const DEVICE_PROOF_MAX_SKEW_MS = 60_000;
/** A frame is at most this big; larger answers are split into `response_part`s. */
export const DEVICE_FRAME_MAX_BYTES = 48 * 1024;
/** The most a reassembled answer may hold. */
export const DEVICE_RESPONSE_MAX_BYTES = 8 * 1024 * 1024;

/** Base64url (no padding), as keys, challenges and signatures travel. */
const B64u = (min: number, max: number) => z.string().min(min).max(max).regex(/^[A-Za-z0-9_-]+$/);
export const Challenge = B64u(43, 43);
/** Ed25519 raw public key (32 bytes) in base64url. */
export const DevicePublicKey = B64u(43, 43);
/** Ed25519 signature (64 bytes) in base64url. */
export const DeviceSignature = B64u(86, 86);

/**
 * The exact text a device signs to prove itself: the challenge, its id and its timestamp (ms since
 * the epoch), with a prefix that keeps the signature useless for anything else.
 */
export function deviceProofMessage(challenge: string, deviceId: string, timestamp: number): string {
  return `tandem-device-proof/1\n${challenge}\n${deviceId}\n${timestamp}`;
}

// ——— what a device can do ———

/** A capability the device has, or why not (e.g. no display for screen and input). */
export const Availability = z.union([
  z.strictObject({ available: z.literal(true) }),
  z.strictObject({ available: z.literal(false), reason: z.string().max(300) }),
]);
export type Availability = z.infer<typeof Availability>;

/** What a connected device offers; remote sessions ask only for what is available. */
export const DeviceCapabilities = z.strictObject({
  diagnostics: Availability,
  shell: Availability,
  screen: Availability,
  input: Availability,
});
export type DeviceCapabilities = z.infer<typeof DeviceCapabilities>;

// ——— requests the server makes of a device ———

/**
 * Every request a device answers: its params and its result. Remote sessions add theirs here, so
 * both sides keep one typed map.
 */
export const DEVICE_REQUESTS = {
  'diagnostics.request': { params: z.strictObject({}), result: DiagnosticsSnapshot },
} as const;
export type DeviceRequestMethod = keyof typeof DEVICE_REQUESTS;
export type DeviceRequestParams<M extends DeviceRequestMethod> = z.infer<(typeof DEVICE_REQUESTS)[M]['params']>;
export type DeviceRequestResult<M extends DeviceRequestMethod> = z.infer<(typeof DEVICE_REQUESTS)[M]['result']>;
export const DeviceRequestMethod = z.enum(Object.keys(DEVICE_REQUESTS) as [DeviceRequestMethod, ...DeviceRequestMethod[]]);

const RequestId = z.string().min(1).max(64);

// ——— server → device ———

export const ChallengeFrame = z.strictObject({ type: z.literal('challenge'), challenge: Challenge, serverTime: z.number() });
export const WelcomeFrame = z.strictObject({
  type: z.literal('welcome'),
  deviceId: Id,
  /** How often the device should send a heartbeat. */
  heartbeatMs: z.number().int().positive(),
});
export const RequestFrame = z.strictObject({
  type: z.literal('request'),
  id: RequestId,
  method: DeviceRequestMethod,
  params: z.unknown(),
});
export const ErrorFrame = z.strictObject({ type: z.literal('error'), code: z.string().max(60), message: z.string().max(500) });

export const DeviceServerFrame = z.discriminatedUnion('type', [
  ChallengeFrame,
  WelcomeFrame,
  RequestFrame,
  ErrorFrame,
  SessionOfferFrame,
  DeviceSessionSignalFrame,
  SessionEndFrame,
]);
export type DeviceServerFrame = z.infer<typeof DeviceServerFrame>;

// ——— device → server ———

export const AuthFrame = z.strictObject({
  type: z.literal('auth'),
  deviceId: Id,
  challenge: Challenge,
  timestamp: z.number().int().nonnegative(),
  signature: DeviceSignature,
});
export const HeartbeatFrame = z.strictObject({ type: z.literal('heartbeat') });
/** Sent once after `welcome` (and again if they change): what this device can do, and its agent. */
export const CapabilitiesFrame = z.strictObject({
  type: z.literal('capabilities'),
  /** The agent's name and version, e.g. `tandem-agent/0.1.0`. */
  agent: z.string().max(80),
  capabilities: DeviceCapabilities,
});
/** The whole answer in one frame: `result` on success, `error` otherwise. */
export const ResponseFrame = z.strictObject({
  type: z.literal('response'),
  id: RequestId,
  result: z.unknown().optional(),
  error: z.strictObject({ code: z.string().max(60), message: z.string().max(500) }).optional(),
});
/** One piece of a large answer: the JSON text of a `response` frame, split. */
export const ResponsePartFrame = z.strictObject({
  type: z.literal('response_part'),
  id: RequestId,
  index: z.number().int().nonnegative(),
  count: z.number().int().positive().max(Math.ceil(DEVICE_RESPONSE_MAX_BYTES / 16_384)),
  data: z.string().max(40 * 1024),
});

export const DeviceClientFrame = z.discriminatedUnion('type', [
  AuthFrame,
  HeartbeatFrame,
  CapabilitiesFrame,
  ResponseFrame,
  ResponsePartFrame,
  SessionAnswerFrame,
  DeviceSessionSignalFrame,
  SessionEndedFrame,
  SessionLogFrame,
]);
export type DeviceClientFrame = z.infer<typeof DeviceClientFrame>;
export type ResponseFrame = z.infer<typeof ResponseFrame>;

/**
 * Splits a response into frames that each fit in {@link DEVICE_FRAME_MAX_BYTES}: one `response`
 * frame when it fits, else `response_part`s carrying pieces of its JSON text.
 */
export function responseFrames(response: ResponseFrame, pieceChars = 16_384): string[] {
  const whole = JSON.stringify(response);
  // Chars, not bytes: a piece of 16 Ki chars is at most 48 KiB of UTF-8 after escaping by JSON.
  if (whole.length <= pieceChars) return [whole];
  const count = Math.ceil(whole.length / pieceChars);
  const frames: string[] = [];
  for (let index = 0; index < count; index++) {
    const data = whole.slice(index * pieceChars, (index + 1) * pieceChars);
    frames.push(JSON.stringify({ type: 'response_part', id: response.id, index, count, data } satisfies z.infer<typeof ResponsePartFrame>));
  }
  return frames;
}
