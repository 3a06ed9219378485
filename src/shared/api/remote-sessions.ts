import { z } from 'zod';
import { Id } from '../domain/common';
import { RemotePolicy, RemoteRights, RemoteSession, RemoteSessionEvent } from '../domain/remote-session';

/**
 * The remote-session HTTP API. The flow:
 * 1. `POST /api/remote-sessions` — an agent asks for a session on a device, naming the rights. The
 *    server checks the role and the device group's policy, records the request, and sends a
 *    `session_offer` over the device link (409 when the device is offline).
 * 2. The agent's console opens the signaling socket (`REMOTE_SIGNAL_PATH`, see
 *    `remote/signaling.ts`) to follow the answer and to relay WebRTC signals.
 * 3. `POST /api/remote-sessions/:id/end` — the agent ends it (the device can end it too).
 */

/** POST /api/remote-sessions */
export const StartRemoteSessionRequest = z.strictObject({
  deviceId: Id,
  ticketId: Id.optional(),
  rights: RemoteRights,
});
export type StartRemoteSessionRequest = z.infer<typeof StartRemoteSessionRequest>;

/** GET /api/remote-sessions — sessions the caller may see, newest first. */
export const RemoteSessionListQuery = z.strictObject({
  deviceId: Id.optional(),
  ticketId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});
export type RemoteSessionListQuery = z.infer<typeof RemoteSessionListQuery>;
export const RemoteSessionList = z.object({ items: z.array(RemoteSession), nextCursor: z.string().nullable() });

/**
 * GET /api/remote-sessions/:id/events — the append-only record, oldest first, a page at a time:
 * pass the answer's `nextCursor` as `cursor` for the next page; null when this page reached the
 * end of the record as it stands.
 */
export const RemoteSessionEventListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  cursor: z.string().max(100).optional(),
});
export type RemoteSessionEventListQuery = z.infer<typeof RemoteSessionEventListQuery>;
export const RemoteSessionEventList = z.object({ items: z.array(RemoteSessionEvent), nextCursor: z.string().nullable() });

/** POST /api/remote-sessions/:id/end */
export const EndRemoteSessionRequest = z.strictObject({ reason: z.string().trim().max(500).optional() });

/**
 * An ICE server as `RTCPeerConnection` takes it. STUN/TURN come from the server's configuration
 * (`TANDEM_ICE_SERVERS`, JSON); none on a LAN-only deployment.
 */
export const IceServer = z.strictObject({
  urls: z.union([z.string().max(500), z.array(z.string().max(500)).max(10)]),
  username: z.string().max(200).optional(),
  credential: z.string().max(500).optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** PUT /api/groups/:id/remote-policy (admin); GET answers the group's policy or the default. */
export const RemotePolicyBody = RemotePolicy;
