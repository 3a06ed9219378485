import type { Generated, Kysely } from 'kysely';
import type { RemotePolicy, RemoteRight, RemoteSession, RemoteSessionEvent, RemoteSessionEventKind, RemoteSessionStatus } from '../../shared/domain/remote-session';
import type { Database } from '../store/schema';

/** The tables of migration 0007, kept beside the module that owns them. */
export interface RemoteSessionsTable {
  id: string;
  device_id: string;
  ticket_id: string | null;
  agent_id: string;
  requested: RemoteRight[];
  granted: Generated<RemoteRight[]>;
  unattended: Generated<boolean>;
  status: RemoteSessionStatus;
  reason: string | null;
  ended_by: 'agent' | 'device' | 'server' | null;
  requested_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  note_event_id: string | null;
}

export interface RemoteSessionEventsTable {
  id: string;
  session_id: string;
  seq: number;
  kind: RemoteSessionEventKind;
  source: 'agent' | 'device' | 'server';
  /** JSON text on insert (pg and PGlite both take it); an object when read. */
  data: string | Record<string, unknown>;
  at: Date;
}

export interface RemotePoliciesTable {
  group_id: string;
  allowed_rights: RemoteRight[];
  unattended: boolean;
  updated_by: string | null;
  updated_at: Date;
}

// A type alias, not an interface: Kysely's withTables wants an index-signature-compatible record.
export type RemoteTables = {
  remote_sessions: RemoteSessionsTable;
  remote_session_events: RemoteSessionEventsTable;
  remote_policies: RemotePoliciesTable;
};

export type RemoteDb = Kysely<Database & RemoteTables>;

export interface RemoteSessionRow {
  id: string;
  device_id: string;
  ticket_id: string | null;
  agent_id: string;
  requested: RemoteRight[];
  granted: RemoteRight[];
  unattended: boolean;
  status: RemoteSessionStatus;
  reason: string | null;
  ended_by: 'agent' | 'device' | 'server' | null;
  requested_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  note_event_id: string | null;
}

/** The store's database seen with the remote tables. */
export const remoteDb = (db: Kysely<Database>): RemoteDb => db.withTables<RemoteTables>();

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const TERMINAL_STATUSES: readonly RemoteSessionStatus[] = ['refused', 'timed_out', 'ended', 'failed'];
export const isTerminal = (status: RemoteSessionStatus) => TERMINAL_STATUSES.includes(status);

/**
 * Maps a session row to the API's RemoteSession. `consentDeadline` is the pending session's
 * deadline (see consent-deadline.ts); it is shown only while the session is pending.
 */
export function toRemoteSession(row: RemoteSessionRow, consentDeadline: Date | null = null): RemoteSession {
  return {
    id: row.id,
    deviceId: row.device_id,
    ticketId: row.ticket_id,
    agentId: row.agent_id,
    requested: row.requested as RemoteSession['requested'],
    granted: row.granted,
    unattended: row.unattended,
    status: row.status,
    reason: row.reason,
    endedBy: row.ended_by,
    requestedAt: row.requested_at.toISOString(),
    consentDeadline: row.status === 'pending' ? iso(consentDeadline) : null,
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
  };
}

export function toRemoteSessionEvent(row: RemoteSessionEventsTable): RemoteSessionEvent {
  return {
    id: row.id,
    sessionId: row.session_id,
    seq: row.seq,
    kind: row.kind,
    source: row.source,
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
    at: row.at.toISOString(),
  };
}

export function toPolicy(row: Pick<RemotePoliciesTable, 'allowed_rights' | 'unattended'>): RemotePolicy {
  return { allowedRights: row.allowed_rights, unattended: row.unattended };
}
