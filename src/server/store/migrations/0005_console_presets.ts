import { sql, type Kysely } from 'kysely';

/**
 * Saved views and macros (canned responses) of the agent console, kept on the server so they
 * follow the agent to every device. Each replicates in the `reference` collection as
 * `view:<id>` / `macro:<id>`: personal ones to their owner only, shared ones to every agent.
 * Who owns a preset and whether it is shared never change after it is made, so a reader's scope
 * of them never moves and no scope history is needed; a deletion leaves a tombstone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table console_presets (
      id uuid primary key,
      kind text not null check (kind in ('view', 'macro')),
      owner_id uuid not null references users (id) on delete cascade,
      shared boolean not null,
      name text not null,
      definition jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      rev bigint not null default 0
    );
    create index console_presets_rev on console_presets (rev, id);
    create trigger console_presets_sync_rev before insert or update on console_presets
      for each row execute function stamp_sync_rev();
    create trigger console_presets_sync_notify after insert or update or delete on console_presets
      for each statement execute function notify_sync();

    create function console_preset_tombstone() returns trigger language plpgsql as $$
    begin
      insert into sync_tombstones (collection, doc_id, rev)
        values ('reference', OLD.kind || ':' || OLD.id::text, sync_rev())
        on conflict (collection, doc_id) do update set rev = excluded.rev;
      return null;
    end $$;
    create trigger console_presets_tombstone after delete on console_presets
      for each row execute function console_preset_tombstone();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table console_presets;
    drop function console_preset_tombstone;
  `.execute(db);
}
