import { z } from 'zod';
import { Id } from '../domain/common';
import { RemoteRight, RemoteSession } from '../domain/remote-session';
import { IceServer } from '../api/remote-sessions';

/**
 * Signaling for remote sessions. The server relays WebRTC signals between the agent's console and
 * the device and never sees media or channel data. Two legs:
 *
 * - **Agent leg**: a WebSocket per session at `REMOTE_SIGNAL_PATH` (`:id` = session id). The first
 *   frame is `auth` with the agent's access token (again after each refresh); the server answers
 *   `state` frames as the session changes and relays `signal` frames both ways.
 * - **Device leg**: frames added to the device link (`device-protocol.ts`): `session_offer`,
 *   `session_signal`, `session_end` from the server; `session_answer`, `session_signal`,
 *   `session_ended`, `session_log` from the device.
 *
 * The device is the WebRTC initiator (it owns the screen track and the channels are negotiated).
 * Each negotiation has an `attempt` number that the device raises when it reconnects after a
 * network drop; signals of an older attempt are dropped on arrival.
 */

export const REMOTE_SIGNAL_PATH = '/api/remote-sessions/:id/signal';
export const remoteSignalPath = (sessionId: string) => REMOTE_SIGNAL_PATH.replace(':id', encodeURIComponent(sessionId));

/** Close codes of the agent leg: refused (bad token, not yours) — don't retry; others — retry. */
export const REMOTE_SIGNAL_CLOSE = { refused: 4403, ended: 4000, timeout: 4408 } as const;

/** A signal frame is at most this big (an SDP with many candidates fits easily). */
export const REMOTE_SIGNAL_MAX_BYTES = 32 * 1024;

const Sdp = z.string().max(24 * 1024);

/** What simple-peer emits on 'signal' and accepts in `signal()`; anything else is dropped. */
export const PeerSignal = z.union([
  z.strictObject({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: Sdp.optional() }),
  z.strictObject({
    type: z.literal('candidate'),
    candidate: z.strictObject({
      candidate: z.string().max(1024),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      sdpMid: z.string().max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.strictObject({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }),
  z.strictObject({ renegotiate: z.literal(true) }),
  z.strictObject({
    type: z.literal('transceiverRequest'),
    transceiverRequest: z.strictObject({ kind: z.enum(['audio', 'video']), init: z.record(z.string(), z.unknown()).optional() }),
  }),
]);
export type PeerSignal = z.infer<typeof PeerSignal>;

const Attempt = z.number().int().min(0).max(10_000);

// ——— agent leg ———

export const AgentAuthFrame = z.strictObject({ type: z.literal('auth'), accessToken: z.string().min(1).max(4096) });
export const AgentSignalFrame = z.strictObject({ type: z.literal('signal'), attempt: Attempt, signal: PeerSignal });
/** The agent ends the session (same as `POST …/end`). */
export const AgentEndFrame = z.strictObject({ type: z.literal('end'), reason: z.string().max(500).optional() });

export const AgentSignalClientFrame = z.discriminatedUnion('type', [AgentAuthFrame, AgentSignalFrame, AgentEndFrame]);
export type AgentSignalClientFrame = z.infer<typeof AgentSignalClientFrame>;

/** The session as it stands, sent after `auth` and on every change; `iceServers` for the peer. */
export const SessionStateFrame = z.strictObject({
  type: z.literal('state'),
  session: RemoteSession,
  iceServers: z.array(IceServer),
  /**
   * While pending: the milliseconds left to answer as the server sent this frame. Count down from
   * when it arrived: the console's clock may differ from the server's, a duration does not.
   */
  consentLeftMs: z.number().int().nonnegative().optional(),
});
export const RelayedSignalFrame = z.strictObject({ type: z.literal('signal'), attempt: Attempt, signal: PeerSignal });
export const SignalErrorFrame = z.strictObject({ type: z.literal('error'), code: z.string().max(60), message: z.string().max(500) });

export const AgentSignalServerFrame = z.discriminatedUnion('type', [SessionStateFrame, RelayedSignalFrame, SignalErrorFrame]);
export type AgentSignalServerFrame = z.infer<typeof AgentSignalServerFrame>;

// ——— device leg (added to the device link) ———

/** Server → device: an agent asks for a session. With `unattended` no prompt is shown, only a notice. */
export const SessionOfferFrame = z.strictObject({
  type: z.literal('session_offer'),
  sessionId: Id,
  agent: z.strictObject({ id: Id, name: z.string().max(200), email: z.string().max(254) }),
  /** The ticket's number and subject, when it was started from one, to show in the prompt. */
  ticket: z.strictObject({ number: z.string().max(20), subject: z.string().max(300) }).nullable(),
  rights: z.array(RemoteRight),
  unattended: z.boolean(),
  /** Answer by then (ms since the epoch, server clock) or the server counts it as no. */
  answerBy: z.number().int(),
  /**
   * The same deadline as the milliseconds left when the server sent the offer: the device counts
   * from when it arrived, so a device clock that differs from the server's does not matter.
   */
  answerWithinMs: z.number().int().nonnegative(),
  iceServers: z.array(IceServer),
});
export type SessionOfferFrame = z.infer<typeof SessionOfferFrame>;

export const DeviceSessionSignalFrame = z.strictObject({ type: z.literal('session_signal'), sessionId: Id, attempt: Attempt, signal: PeerSignal });
/** Server → device: the session is over (agent ended it, timed out, revoked); drop the peer now. */
export const SessionEndFrame = z.strictObject({ type: z.literal('session_end'), sessionId: Id, reason: z.string().max(500) });

/** Device → server: the answer. `granted` empty with `refused: true` is a no (with the reason). */
export const SessionAnswerFrame = z.strictObject({
  type: z.literal('session_answer'),
  sessionId: Id,
  granted: z.array(RemoteRight),
  refused: z.boolean(),
  reason: z.string().max(500).optional(),
});
/** Device → server: the person at the device (or the device) ended the session. */
export const SessionEndedFrame = z.strictObject({ type: z.literal('session_ended'), sessionId: Id, reason: z.string().max(500) });

/**
 * Device → server: a line for the session's record (shell transcript pieces, files moved, process
 * killed, chat, rights changed). The device reports them because it is where things happen; the
 * server appends them and never takes them from the agent's side alone.
 */
export const SessionLogFrame = z.strictObject({
  type: z.literal('session_log'),
  sessionId: Id,
  kind: z.enum(['connected', 'reconnected', 'rights_changed', 'shell_opened', 'shell_transcript', 'shell_closed', 'file_sent', 'file_fetched', 'file_failed', 'process_killed', 'chat']),
  data: z.record(z.string(), z.unknown()),
});
export type SessionLogFrame = z.infer<typeof SessionLogFrame>;

export const DeviceSessionServerFrame = z.discriminatedUnion('type', [SessionOfferFrame, DeviceSessionSignalFrame, SessionEndFrame]);
export type DeviceSessionServerFrame = z.infer<typeof DeviceSessionServerFrame>;
export const DeviceSessionClientFrame = z.discriminatedUnion('type', [SessionAnswerFrame, DeviceSessionSignalFrame, SessionEndedFrame, SessionLogFrame]);
export type DeviceSessionClientFrame = z.infer<typeof DeviceSessionClientFrame>;
