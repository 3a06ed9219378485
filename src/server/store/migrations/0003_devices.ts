import { sql, type Kysely } from 'kysely';

/**
 * Device enrollment: one-time tokens an admin hands to a device. Only the token's SHA-256 is kept,
 * so a leaked database does not enroll anyone. A token is spent in the same update that checks it
 * (`used_at is null`), so two devices racing with one token cannot both enroll.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table device_enrollment_tokens (
      id uuid primary key,
      token_hash text not null unique,
      label text not null default '',
      group_id uuid references groups (id) on delete set null,
      owner_id uuid references users (id),
      created_by uuid not null references users (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      device_id uuid references devices (id),
      revoked_at timestamptz
    );
    create index device_enrollment_tokens_created on device_enrollment_tokens (created_at desc, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table device_enrollment_tokens;`.execute(db);
}
