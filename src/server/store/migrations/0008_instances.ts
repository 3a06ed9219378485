import { sql, type Kysely } from 'kysely';

/**
 * Several server instances on one database (see src/server/bus/instance-bus.ts):
 * - `server_instances`: each running instance and its heartbeat; an instance not seen for a while
 *   is gone (crashed), and whatever it held is ignored and then swept.
 * - `instance_bus_payloads`: bus messages too large for a NOTIFY payload (8000 bytes) travel as a
 *   row; the NOTIFY names it. Rows are swept after a minute.
 * - `device_links`: which instance holds each connected device's link (one row per device: the
 *   newest connection wins), with what the device said it can do, so every instance answers
 *   presence and relays requests to the right one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table server_instances (
      id uuid primary key,
      started_at timestamptz not null,
      seen_at timestamptz not null
    );
    create table instance_bus_payloads (
      id uuid primary key,
      body text not null,
      created_at timestamptz not null
    );
    create index instance_bus_payloads_created on instance_bus_payloads (created_at);
    create table device_links (
      device_id uuid primary key references devices (id) on delete cascade,
      instance_id uuid not null,
      link_id uuid not null,
      connected_at timestamptz not null,
      capabilities jsonb,
      agent text
    );
    create index device_links_instance on device_links (instance_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table device_links, instance_bus_payloads, server_instances;`.execute(db);
}
