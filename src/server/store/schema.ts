import type { ColumnType, Generated, Selectable } from 'kysely';

/** Timestamps are read as Date and written as Date or ISO strings. */
type Time = ColumnType<Date, Date | string, Date | string>;
type TimeNull = ColumnType<Date | null, Date | string | null, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: 'end_user' | 'agent' | 'supervisor' | 'admin';
  active: Generated<boolean>;
  password_hash: string | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled: Generated<boolean>;
  /** Last TOTP time step accepted, so a code cannot be replayed; read as a string (int8). */
  totp_last_step: ColumnType<string | number | null, number | null, number | null>;
  created_at: Time;
  updated_at: Time;
  /** Change counter for replication, stamped by a trigger (see migration 0002). */
  rev: Generated<string | number>;
  former_staff: Generated<boolean>;
}
export interface GroupsTable {
  id: string;
  name: string;
  description: string;
  created_at: Time;
  updated_at: Time;
  /** Change counter for replication, stamped by a trigger (see migration 0002). */
  rev: Generated<string | number>;
}
export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: Time;
  last_used_at: Time;
  expires_at: Time;
  revoked_at: TimeNull;
  user_agent: string | null;
  address: string | null;
}
export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  created_at: Time;
  used_at: TimeNull;
}
export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: TimeNull;
}
export interface InvitationsTable {
  token_hash: string;
  user_id: string;
  expires_at: Time;
  used_at: TimeNull;
}
export interface SettingsTable {
  key: string;
  value: Json<unknown>;
}
export interface LoginThrottleTable {
  kind: 'account' | 'address';
  key: string;
  failures: number;
  last_failure_at: Time;
  next_allowed_at: Time;
  locked_until: TimeNull;
}
export interface AuditLogTable {
  id: string;
  at: Time;
  actor_id: string | null;
  address: string | null;
  action: string;
  target: string | null;
  detail: Json<Record<string, unknown>>;
}
export interface TicketsTable {
  id: string;
  number: Generated<number>;
  subject: string;
  description: string;
  requester_id: string;
  cc: string[];
  assignee_id: string | null;
  group_id: string | null;
  status: string;
  priority: string;
  type: string;
  category: string | null;
  tags: string[];
  custom_fields: Json<Record<string, string | number | boolean | null>>;
  channel: string;
  device_id: string | null;
  parent_id: string | null;
  linked_ids: string[];
  created_at: Time;
  updated_at: Time;
  resolved_at: TimeNull;
  closed_at: TimeNull;
  deleted_at: TimeNull;
  /** Change counter for replication, stamped by a trigger (see migration 0002). */
  rev: Generated<string | number>;
  former_user_ids: Generated<string[]>;
  former_group_ids: Generated<string[]>;
  former_unrouted: Generated<boolean>;
}
export interface TicketEventsTable {
  id: string;
  ticket_id: string;
  kind: string;
  public: boolean;
  author_id: string | null;
  body: string | null;
  changes: ColumnType<unknown[] | null, string | null, string | null>;
  attachment_ids: string[];
  created_at: Time;
  /** A rating's score (1–5); null on every other kind (migration 0004). */
  score: ColumnType<number | null, number | null | undefined, number | null>;
  /** Change counter for replication, stamped by a trigger (see migration 0002). */
  rev: Generated<string | number>;
}
export interface CustomFieldsTable {
  key: string;
  label: string;
  type: string;
  options: string[];
  required: boolean;
  /** Ticket types the field applies to; empty: all (migration 0006). */
  ticket_types: Generated<string[]>;
  created_at: Time;
  updated_at: Time;
  /** Change counter for replication, stamped by a trigger (see migration 0002). */
  rev: Generated<string | number>;
}
export interface KbArticlesTable {
  id: string;
  title: string;
  body: string;
  visibility: 'public' | 'internal';
  category: string | null;
  tags: string[];
  author_id: string | null;
  created_at: Time;
  updated_at: Time;
  deleted_at: TimeNull;
  /** Change counter for replication, stamped by a trigger (see migration 0002). */
  rev: Generated<string | number>;
  former_public: Generated<boolean>;
}
/** One saved state of an article (migration 0006); version 1 is the first save. */
export interface KbArticleVersionsTable {
  article_id: string;
  version: number;
  title: string;
  body: string;
  visibility: 'public' | 'internal';
  category: string | null;
  tags: string[];
  author_id: string | null;
  created_at: Time;
}
export interface DevicesTable {
  id: string;
  name: string;
  hostname: string;
  os: string;
  owner_id: string | null;
  group_id: string | null;
  public_key: string | null;
  enrolled_at: TimeNull;
  last_seen_at: TimeNull;
  revoked_at: TimeNull;
  created_at: Time;
  updated_at: Time;
  /** Change counter for replication, stamped by a trigger (see migration 0002). */
  rev: Generated<string | number>;
  former_owner_ids: Generated<string[]>;
}
export interface DeviceEnrollmentTokensTable {
  id: string;
  token_hash: string;
  label: string;
  group_id: string | null;
  owner_id: string | null;
  created_by: string;
  created_at: Time;
  expires_at: Time;
  used_at: TimeNull;
  device_id: string | null;
  revoked_at: TimeNull;
}
export interface AttachmentsTable {
  id: string;
  ticket_id: string | null;
  uploader_id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_at: Time;
}

/** A saved view or macro of the agent console (migration 0005). */
export interface ConsolePresetsTable {
  id: string;
  kind: 'view' | 'macro';
  owner_id: string;
  shared: boolean;
  name: string;
  definition: Json<Record<string, unknown>>;
  created_at: Time;
  updated_at: Time;
  rev: Generated<string | number>;
}

export interface SyncClockTable {
  id: number;
  rev: string | number;
}
export interface SyncTombstonesTable {
  collection: string;
  doc_id: string;
  rev: string | number;
}
export interface SyncRescansTable {
  user_id: string;
  collection: string;
  rev: string | number;
}

export interface Database {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  recovery_codes: RecoveryCodesTable;
  invitations: InvitationsTable;
  settings: SettingsTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  custom_fields: CustomFieldsTable;
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  devices: DevicesTable;
  device_enrollment_tokens: DeviceEnrollmentTokensTable;
  attachments: AttachmentsTable;
  console_presets: ConsolePresetsTable;
  sync_clock: SyncClockTable;
  sync_tombstones: SyncTombstonesTable;
  sync_rescans: SyncRescansTable;
}

export type UserRow = Selectable<UsersTable>;
export type TicketRow = Selectable<TicketsTable>;
export type TicketEventRow = Selectable<TicketEventsTable>;
export type KbArticleRow = Selectable<KbArticlesTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type DeviceEnrollmentTokenRow = Selectable<DeviceEnrollmentTokensTable>;
export type GroupRow = Selectable<GroupsTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type CustomFieldRow = Selectable<CustomFieldsTable>;
