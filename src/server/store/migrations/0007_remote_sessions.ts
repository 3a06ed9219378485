import { sql, type Kysely } from 'kysely';

/**
 * Remote assistance (issue #7):
 * - `remote_sessions`: one row per session an agent asked for; its status moves pending → active
 *   → ended (or refused, timed_out, failed). `note_event_id` is the internal note written on the
 *   ticket when it ended, so the note is written once.
 * - `remote_session_events`: the session's record (requested, granted, transcript pieces, files
 *   moved, ended…). Append-only like the audit log: the database refuses UPDATE, DELETE and
 *   TRUNCATE, so not even a bug in the server can rewrite what happened in a session.
 * - `remote_policies`: a user group's remote-access policy; devices take their group's
 *   (`devices.group_id`). No row means the default policy (every right, always ask).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table remote_sessions (
      id uuid primary key,
      device_id uuid not null references devices (id),
      ticket_id uuid references tickets (id),
      agent_id uuid not null references users (id),
      requested text[] not null,
      granted text[] not null default '{}',
      unattended boolean not null default false,
      status text not null check (status in ('pending', 'active', 'refused', 'timed_out', 'ended', 'failed')),
      reason text,
      ended_by text check (ended_by in ('agent', 'device', 'server')),
      requested_at timestamptz not null,
      started_at timestamptz,
      ended_at timestamptz,
      note_event_id uuid
    );
    create index remote_sessions_requested on remote_sessions (requested_at desc, id desc);
    create index remote_sessions_device on remote_sessions (device_id, requested_at desc);
    create index remote_sessions_ticket on remote_sessions (ticket_id, requested_at desc) where ticket_id is not null;

    create table remote_session_events (
      id uuid primary key,
      session_id uuid not null references remote_sessions (id),
      seq integer not null check (seq > 0),
      kind text not null,
      source text not null check (source in ('agent', 'device', 'server')),
      data jsonb not null default '{}',
      at timestamptz not null,
      unique (session_id, seq)
    );
    create function remote_session_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'remote_session_events is append-only'; end
    $$;
    create trigger remote_session_events_no_update before update or delete on remote_session_events
      for each row execute function remote_session_events_append_only();
    create trigger remote_session_events_no_truncate before truncate on remote_session_events
      for each statement execute function remote_session_events_append_only();

    create table remote_policies (
      group_id uuid primary key references groups (id) on delete cascade,
      allowed_rights text[] not null,
      unattended boolean not null,
      updated_by uuid references users (id),
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table remote_policies;
    drop table remote_session_events;
    drop function remote_session_events_append_only;
    drop table remote_sessions;
  `.execute(db);
}
