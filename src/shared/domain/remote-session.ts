import { z } from 'zod';
import { Id, Timestamp } from './common';

/**
 * What an agent may do in a remote session. The agent asks for some, the device's group policy
 * caps them, and the person at the device grants some or all (or a policy grants them unattended).
 * - `view`: watch the screen (a video track)
 * - `control`: mouse, keyboard and clipboard; also killing a process from the diagnostics view
 * - `shell`: terminals on the device
 * - `diagnostics`: the live snapshot, processes, services, disks, network checks, log tail
 * - `files`: send files to and fetch files from the device
 * - `chat`: messages with the person at the device
 */
export const REMOTE_RIGHTS = ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'] as const;
export const RemoteRight = z.enum(REMOTE_RIGHTS);
export type RemoteRight = z.infer<typeof RemoteRight>;

/** A set of rights: no duplicates, at least one. `control` needs `view` (you cannot steer blind). */
export const RemoteRights = z
  .array(RemoteRight)
  .min(1, 'Ask for at least one right.')
  .max(REMOTE_RIGHTS.length)
  .refine((rights) => new Set(rights).size === rights.length, 'Name each right once.')
  .refine((rights) => !rights.includes('control') || rights.includes('view'), 'Control needs the view right as well.');

/**
 * Where a session is in its life:
 * - `pending`: asked; waiting for the device to answer (consent prompt, or the policy)
 * - `active`: granted; peers negotiate or are connected
 * - `refused`: the person at the device (or the device, with no one to ask) said no
 * - `timed_out`: no answer within {@link CONSENT_TIMEOUT_MS}
 * - `ended`: either side ended it, or the device went away
 * - `failed`: it could not start (device went offline before answering, error on the device)
 */
export const RemoteSessionStatus = z.enum(['pending', 'active', 'refused', 'timed_out', 'ended', 'failed']);
export type RemoteSessionStatus = z.infer<typeof RemoteSessionStatus>;

/** No answer at the device within this long means no (the default; a server may be set shorter). */
export const CONSENT_TIMEOUT_MS = 30_000;

export const RemoteSession = z.object({
  id: Id,
  deviceId: Id,
  /** The ticket it helps with, if started from one; the record is attached there as an internal note. */
  ticketId: Id.nullable(),
  /** The agent who asked. */
  agentId: Id,
  requested: RemoteRights,
  /** What the device granted (empty until it answers, and when it refuses). */
  granted: z.array(RemoteRight),
  /** True when a group policy granted the session without asking anyone. */
  unattended: z.boolean(),
  status: RemoteSessionStatus,
  /** Why it ended, was refused or failed, in words a person can read. */
  reason: z.string().max(500).nullable(),
  /** Who ended it: the agent, the person at the device, the server (timeout, revoke, shutdown). */
  endedBy: z.enum(['agent', 'device', 'server']).nullable(),
  requestedAt: Timestamp,
  /**
   * While pending: when no answer counts as no, on the server's clock (its configured consent
   * timeout from when the device was asked). Null once answered or over. A client counts down with
   * the signaling `state` frame's `consentLeftMs`, which does not depend on its own clock.
   */
  consentDeadline: Timestamp.nullable(),
  startedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
});
export type RemoteSession = z.infer<typeof RemoteSession>;

/**
 * A device group's remote-access policy (set by an admin on a group; a device takes its group's).
 * Devices with no group, or a group with no policy, get {@link DEFAULT_REMOTE_POLICY}.
 */
export const RemotePolicy = z.strictObject({
  /** Rights an agent may ask for on devices of this group at all. */
  allowedRights: z.array(RemoteRight).max(REMOTE_RIGHTS.length),
  /** Start without asking (the headless agent's normal case); the device still shows and logs it. */
  unattended: z.boolean(),
});
export type RemotePolicy = z.infer<typeof RemotePolicy>;

export const DEFAULT_REMOTE_POLICY: RemotePolicy = { allowedRights: [...REMOTE_RIGHTS], unattended: false };

/**
 * One line of a session's append-only record: kept on the server, shown on the device page, and
 * summarised onto the ticket as an internal note when the session ends.
 */
export const RemoteSessionEventKind = z.enum([
  'requested',
  'granted',
  'refused',
  'timed_out',
  'connected',
  'reconnected',
  'rights_changed',
  'shell_opened',
  'shell_transcript',
  'shell_closed',
  'file_sent',
  'file_fetched',
  'file_failed',
  'process_killed',
  'chat',
  'ended',
]);
export type RemoteSessionEventKind = z.infer<typeof RemoteSessionEventKind>;

export const RemoteSessionEvent = z.object({
  id: Id,
  sessionId: Id,
  /** Order within the session, from 1. */
  seq: z.number().int().positive(),
  kind: RemoteSessionEventKind,
  /** Who it came from: the agent's console, the device, or the server itself. */
  source: z.enum(['agent', 'device', 'server']),
  /** Details by kind: rights, file name/size/sha256, shell tab and transcript text, chat text, pid. */
  data: z.record(z.string(), z.unknown()),
  at: Timestamp,
});
export type RemoteSessionEvent = z.infer<typeof RemoteSessionEvent>;
