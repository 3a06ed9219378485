import { sql, type Kysely } from 'kysely';

/**
 * Change tracking for replication.
 *
 * Every replicated row carries `rev`, stamped by a trigger from `sync_clock`. A transaction takes
 * one rev at its first replicated write and holds the clock row's lock until it commits, so revs
 * become visible in commit order and a pull by `(rev, id)` can never skip a row that commits late.
 * Scope history (`former_*`) lets a pull tell a client to drop a document it may hold but may no
 * longer see; hard deletes leave tombstones; a change to what a user may see (role, groups) leaves
 * a marker that makes their next pull re-evaluate the whole collection.
 */
const REPLICATED = ['tickets', 'ticket_events', 'users', 'groups', 'kb_articles', 'devices', 'custom_fields'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sync_clock (id integer primary key check (id = 1), rev bigint not null);
    insert into sync_clock (id, rev) values (1, 0);

    create function sync_rev() returns bigint language plpgsql as $$
    declare
      taken text := current_setting('tandem.sync_rev', true);
      next_rev bigint;
    begin
      if taken is not null and taken <> '' then
        return taken::bigint;
      end if;
      update sync_clock set rev = rev + 1 where id = 1 returning rev into next_rev;
      perform set_config('tandem.sync_rev', next_rev::text, true);
      return next_rev;
    end $$;

    create function stamp_sync_rev() returns trigger language plpgsql as $$
    begin
      NEW.rev := sync_rev();
      return NEW;
    end $$;

    create function notify_sync() returns trigger language plpgsql as $$
    begin
      perform pg_notify('tandem_sync', '');
      return null;
    end $$;

    create table sync_tombstones (
      collection text not null,
      doc_id text not null,
      rev bigint not null,
      primary key (collection, doc_id)
    );
    create index sync_tombstones_rev on sync_tombstones (collection, rev, doc_id);

    create table sync_rescans (
      user_id uuid not null,
      collection text not null,
      rev bigint not null,
      primary key (user_id, collection)
    );
  `.execute(db);

  for (const table of REPLICATED) {
    const key = table === 'custom_fields' ? 'key' : 'id';
    await sql`
      alter table ${sql.table(table)} add column rev bigint not null default 0;
      create index ${sql.raw(`${table}_rev`)} on ${sql.table(table)} (rev, ${sql.ref(key)});
      create trigger ${sql.raw(`${table}_sync_rev`)} before insert or update on ${sql.table(table)}
        for each row execute function stamp_sync_rev();
      create trigger ${sql.raw(`${table}_sync_notify`)} after insert or update or delete on ${sql.table(table)}
        for each statement execute function notify_sync();
    `.execute(db);
  }

  await sql`
    alter table tickets
      add column former_user_ids uuid[] not null default '{}',
      add column former_group_ids uuid[] not null default '{}',
      add column former_unrouted boolean not null default false;

    create function tickets_scope_history() returns trigger language plpgsql as $$
    begin
      if (OLD.requester_id, OLD.cc, OLD.assignee_id, OLD.group_id)
         is distinct from (NEW.requester_id, NEW.cc, NEW.assignee_id, NEW.group_id) then
        NEW.former_user_ids := array(
          select distinct u from unnest(OLD.former_user_ids || OLD.cc || array[OLD.requester_id, OLD.assignee_id]) u
          where u is not null order by u);
        NEW.former_group_ids := array(
          select distinct g from unnest(OLD.former_group_ids || array[OLD.group_id]) g where g is not null order by g);
        NEW.former_unrouted := OLD.former_unrouted or OLD.group_id is null;
      end if;
      return NEW;
    end $$;
    create trigger tickets_scope_history before update on tickets
      for each row execute function tickets_scope_history();

    -- Who sees an event follows its ticket: when the ticket's scope changes or it is deleted, its
    -- events are re-stamped so every reader re-evaluates them.
    create function tickets_restamp_events() returns trigger language plpgsql as $$
    begin
      if (OLD.requester_id, OLD.cc, OLD.assignee_id, OLD.group_id, OLD.deleted_at)
         is distinct from (NEW.requester_id, NEW.cc, NEW.assignee_id, NEW.group_id, NEW.deleted_at) then
        update ticket_events set rev = 0 where ticket_id = NEW.id;
      end if;
      return null;
    end $$;
    create trigger tickets_restamp_events after update on tickets
      for each row execute function tickets_restamp_events();

    alter table kb_articles add column former_public boolean not null default false;
    create function kb_scope_history() returns trigger language plpgsql as $$
    begin
      NEW.former_public := OLD.former_public or OLD.visibility = 'public';
      return NEW;
    end $$;
    create trigger kb_scope_history before update on kb_articles
      for each row execute function kb_scope_history();

    alter table devices add column former_owner_ids uuid[] not null default '{}';
    create function devices_scope_history() returns trigger language plpgsql as $$
    begin
      if OLD.owner_id is distinct from NEW.owner_id and OLD.owner_id is not null
         and not (OLD.owner_id = any(OLD.former_owner_ids)) then
        NEW.former_owner_ids := OLD.former_owner_ids || OLD.owner_id;
      end if;
      return NEW;
    end $$;
    create trigger devices_scope_history before update on devices
      for each row execute function devices_scope_history();

    alter table users add column former_staff boolean not null default false;
    create function users_scope_history() returns trigger language plpgsql as $$
    begin
      NEW.former_staff := OLD.former_staff or OLD.role <> 'end_user';
      if OLD.role is distinct from NEW.role then
        insert into sync_rescans (user_id, collection, rev)
          select NEW.id, c, sync_rev() from unnest(array['tickets', 'ticket_events', 'users', 'groups', 'kb_articles', 'devices']) c
          on conflict (user_id, collection) do update set rev = excluded.rev;
      end if;
      return NEW;
    end $$;
    create trigger users_scope_history before update on users
      for each row execute function users_scope_history();

    -- Joining or leaving a group changes which tickets an agent sees, and the user's groupIds.
    create function group_members_changed() returns trigger language plpgsql as $$
    declare
      member uuid := coalesce(NEW.user_id, OLD.user_id);
    begin
      update users set rev = 0 where id = member;
      insert into sync_rescans (user_id, collection, rev)
        select member, c, sync_rev() from unnest(array['tickets', 'ticket_events']) c
        on conflict (user_id, collection) do update set rev = excluded.rev;
      return null;
    end $$;
    create trigger group_members_changed after insert or delete on group_members
      for each row execute function group_members_changed();

    -- to_jsonb: PL/pgSQL resolves every record field a CASE names, even in the branch not taken,
    -- so OLD.key / OLD.id directly would fail on the other table.
    create function leave_tombstone() returns trigger language plpgsql as $$
    begin
      insert into sync_tombstones (collection, doc_id, rev)
        values (TG_ARGV[0], TG_ARGV[1] || (to_jsonb(OLD) ->> (case when TG_TABLE_NAME = 'custom_fields' then 'key' else 'id' end)), sync_rev())
        on conflict (collection, doc_id) do update set rev = excluded.rev;
      return null;
    end $$;
    create trigger groups_tombstone after delete on groups
      for each row execute function leave_tombstone('groups', '');
    create trigger custom_fields_tombstone after delete on custom_fields
      for each row execute function leave_tombstone('reference', 'custom_field:');

    create function clear_tombstone() returns trigger language plpgsql as $$
    begin
      delete from sync_tombstones
        where collection = TG_ARGV[0]
          and doc_id = TG_ARGV[1] || (to_jsonb(NEW) ->> (case when TG_TABLE_NAME = 'custom_fields' then 'key' else 'id' end));
      return null;
    end $$;
    create trigger groups_clear_tombstone after insert on groups
      for each row execute function clear_tombstone('groups', '');
    create trigger custom_fields_clear_tombstone after insert on custom_fields
      for each row execute function clear_tombstone('reference', 'custom_field:');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger groups_clear_tombstone on groups;
    drop trigger custom_fields_clear_tombstone on custom_fields;
    drop trigger groups_tombstone on groups;
    drop trigger custom_fields_tombstone on custom_fields;
    drop trigger group_members_changed on group_members;
    drop trigger users_scope_history on users;
    drop trigger devices_scope_history on devices;
    drop trigger kb_scope_history on kb_articles;
    drop trigger tickets_restamp_events on tickets;
    drop trigger tickets_scope_history on tickets;
    drop function clear_tombstone, leave_tombstone, group_members_changed, users_scope_history,
      devices_scope_history, kb_scope_history, tickets_restamp_events, tickets_scope_history;
    alter table tickets drop column former_user_ids, drop column former_group_ids, drop column former_unrouted;
    alter table kb_articles drop column former_public;
    alter table devices drop column former_owner_ids;
    alter table users drop column former_staff;
  `.execute(db);
  for (const table of REPLICATED) {
    await sql`
      drop trigger ${sql.raw(`${table}_sync_rev`)} on ${sql.table(table)};
      drop trigger ${sql.raw(`${table}_sync_notify`)} on ${sql.table(table)};
      alter table ${sql.table(table)} drop column rev;
    `.execute(db);
  }
  await sql`
    drop table sync_rescans, sync_tombstones, sync_clock;
    drop function notify_sync, stamp_sync_rev, sync_rev;
  `.execute(db);
}
