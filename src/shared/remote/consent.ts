import { z } from 'zod';
import { RemoteRight } from '../domain/remote-session';

/**
 * What the tray shows the person at the device about remote sessions, and what it answers. The
 * device's session host asks through a ConsentPrompt; in the tray that prompt is served over IPC
 * (`session:*` channels in `ipc.ts`) to the tray renderer, which shows it and answers.
 */

/** An agent asks for a session: show this and answer by `answerBy` (ms since the epoch, this device's clock). */
export const ConsentRequest = z.strictObject({
  /** Answer with this id (one per offer). */
  promptId: z.string().min(1).max(60),
  sessionId: z.string().min(1).max(60),
  agent: z.strictObject({ name: z.string().max(200), email: z.string().max(254) }),
  ticket: z.strictObject({ number: z.string().max(20), subject: z.string().max(300) }).nullable(),
  /** What the agent asked for, already capped by what this device can do. */
  rights: z.array(RemoteRight),
  answerBy: z.number().int(),
  /** How long the person had to answer when the device was asked (the countdown's full length). */
  answerWithinMs: z.number().int().nonnegative(),
});
export type ConsentRequest = z.infer<typeof ConsentRequest>;

/** The person's answer: the rights they grant (a subset of those asked), or a refusal. */
export const ConsentAnswer = z.strictObject({
  promptId: z.string().min(1).max(60),
  granted: z.array(RemoteRight).max(6),
  refused: z.boolean(),
  reason: z.string().max(500).optional(),
});
export type ConsentAnswer = z.infer<typeof ConsentAnswer>;

export const ChatLine = z.strictObject({ id: z.string().max(40), from: z.enum(['agent', 'device']), text: z.string().max(4000), at: z.number() });
export type ChatLine = z.infer<typeof ChatLine>;

/** The session running on this device, for the tray's running-session bar. */
export const RunningSession = z.strictObject({
  sessionId: z.string().min(1).max(60),
  agent: z.strictObject({ name: z.string().max(200), email: z.string().max(254) }),
  ticket: z.strictObject({ number: z.string().max(20), subject: z.string().max(300) }).nullable(),
  /** Rights in force now (after a view-only switch, `control` is gone). */
  rights: z.array(RemoteRight),
  /** True when the person at the device took control back (the agent may only watch). */
  viewOnly: z.boolean(),
  unattended: z.boolean(),
  /** `reconnecting` while the network dropped and the device tries a new connection. */
  connection: z.enum(['connecting', 'connected', 'reconnecting']),
  startedAt: z.number().int(),
  /** The latest chat lines, oldest first (at most 50). */
  chat: z.array(ChatLine).max(50),
});
export type RunningSession = z.infer<typeof RunningSession>;

/** `session:current`: the session (or none) and a version that changes whenever it does. */
export const RunningSessionState = z.strictObject({ version: z.number().int().nonnegative(), session: RunningSession.nullable() });
export type RunningSessionState = z.infer<typeof RunningSessionState>;

/** Long-polls wait at most this long before answering with nothing new. */
export const SESSION_POLL_MAX_MS = 25_000;
