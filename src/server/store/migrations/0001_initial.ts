import { sql, type Kysely } from 'kysely';

/** Accounts, roles, sessions, audit, tickets and their events, knowledge base, devices. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key,
      email text not null unique,
      name text not null,
      role text not null check (role in ('end_user', 'agent', 'supervisor', 'admin')),
      active boolean not null default true,
      password_hash text,
      totp_secret text,
      totp_pending_secret text,
      totp_enabled boolean not null default false,
      totp_last_step bigint,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create table groups (
      id uuid primary key,
      name text not null unique,
      description text not null default '',
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create table group_members (
      group_id uuid not null references groups (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      primary key (group_id, user_id)
    );
    create index group_members_user on group_members (user_id);

    create table sessions (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null,
      last_used_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      user_agent text,
      address text
    );
    create index sessions_user on sessions (user_id);

    -- Refresh tokens rotate on every use; presenting a used one revokes its session (theft).
    create table refresh_tokens (
      token_hash text primary key,
      session_id uuid not null references sessions (id) on delete cascade,
      created_at timestamptz not null,
      used_at timestamptz
    );
    create index refresh_tokens_session on refresh_tokens (session_id);

    create table recovery_codes (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      code_hash text not null,
      used_at timestamptz
    );
    create index recovery_codes_user on recovery_codes (user_id);

    create table invitations (
      token_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table settings (
      key text primary key,
      value jsonb not null
    );

    create table login_throttle (
      kind text not null check (kind in ('account', 'address')),
      key text not null,
      failures integer not null,
      last_failure_at timestamptz not null,
      next_allowed_at timestamptz not null,
      locked_until timestamptz,
      primary key (kind, key)
    );

    create table audit_log (
      id uuid primary key,
      at timestamptz not null,
      actor_id uuid,
      address text,
      action text not null,
      target text,
      detail jsonb not null default '{}'
    );
    create index audit_log_at on audit_log (at desc);
    create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end
    $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    -- Row triggers do not fire on TRUNCATE, which would empty the log at once.
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();

    create sequence ticket_number_seq start with 1001;
    create table tickets (
      id uuid primary key,
      number integer not null unique default nextval('ticket_number_seq'),
      subject text not null,
      description text not null,
      requester_id uuid not null references users (id),
      cc uuid[] not null default '{}',
      assignee_id uuid references users (id),
      group_id uuid references groups (id),
      status text not null,
      priority text not null,
      type text not null,
      category text,
      tags text[] not null default '{}',
      custom_fields jsonb not null default '{}',
      channel text not null,
      device_id uuid,
      parent_id uuid references tickets (id),
      linked_ids uuid[] not null default '{}',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      resolved_at timestamptz,
      closed_at timestamptz,
      deleted_at timestamptz
    );
    create index tickets_requester on tickets (requester_id);
    create index tickets_group on tickets (group_id);
    create index tickets_assignee on tickets (assignee_id);
    create index tickets_updated on tickets (updated_at, id);

    create table ticket_events (
      id uuid primary key,
      ticket_id uuid not null references tickets (id),
      kind text not null,
      public boolean not null,
      author_id uuid references users (id),
      body text,
      changes jsonb,
      attachment_ids uuid[] not null default '{}',
      created_at timestamptz not null
    );
    create index ticket_events_ticket on ticket_events (ticket_id, created_at);

    create table custom_fields (
      key text primary key,
      label text not null,
      type text not null,
      options text[] not null default '{}',
      required boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    create table kb_articles (
      id uuid primary key,
      title text not null,
      body text not null,
      visibility text not null check (visibility in ('public', 'internal')),
      category text,
      tags text[] not null default '{}',
      author_id uuid references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz
    );

    create table devices (
      id uuid primary key,
      name text not null,
      hostname text not null default '',
      os text not null default '',
      owner_id uuid references users (id),
      group_id uuid references groups (id),
      public_key text unique,
      enrolled_at timestamptz,
      last_seen_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    create table attachments (
      id uuid primary key,
      ticket_id uuid references tickets (id),
      uploader_id uuid not null references users (id),
      filename text not null,
      mime text not null,
      size integer not null,
      sha256 text not null,
      storage_key text not null,
      created_at timestamptz not null
    );
    create index attachments_ticket on attachments (ticket_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table attachments, devices, kb_articles, custom_fields, ticket_events, tickets, audit_log,
      login_throttle, settings, invitations, recovery_codes, refresh_tokens, sessions, group_members, groups, users cascade;
    drop sequence ticket_number_seq;
    drop function audit_log_append_only;
  `.execute(db);
}
