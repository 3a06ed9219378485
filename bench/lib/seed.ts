import { sql, type Kysely } from 'kysely';
import { currentRev } from '../../src/server/sync/pull';
import type { Database } from '../../src/server/store/schema';

/**
 * Fills a server's store with a helpdesk's worth of tickets and events in a few SQL statements,
 * not through the API (which would take an hour at this size).
 *
 * Triggers are switched off for the load (`session_replication_role = replica`) and every row is
 * given a rev of its own, as if each ticket and each event had been written by its own transaction
 * the way the API writes them: ticket k, then its events, interleaved in time. Loading with the
 * triggers on would give a whole statement one rev, which no real history looks like.
 */
export interface SeedSize {
  tickets: number;
  eventsPerTicket: number;
  requesters: number;
  agents: number;
  groups: number;
}

export interface Seeded {
  tickets: number;
  events: number;
  users: number;
  groups: number;
  /** The sync clock after the load. */
  rev: number;
}

export async function seedHelpdesk(db: Kysely<Database>, size: SeedSize): Promise<Seeded> {
  const base = await currentRev(db);
  const { tickets, eventsPerTicket: per, requesters, agents, groups } = size;
  const users = requesters + agents;
  // Revs: users and groups first, then for each ticket its rev followed by those of its events.
  const ticketRev = (g: string) => sql.raw(`(${base + users + groups} + (${g} - 1) * ${per + 1} + 1)`);
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`
      insert into groups (id, name, description, created_at, updated_at, rev)
      select md5('group' || g)::uuid, 'Desk ' || g, 'Second-line support for site ' || g, now() - interval '400 days', now() - interval '400 days', ${base} + g
      from generate_series(1, ${groups}) g`.execute(trx);
    await sql`
      insert into users (id, email, name, role, active, created_at, updated_at, rev)
      select md5('user' || g)::uuid,
        case when g <= ${agents} then 'agent' || g || '@bench.test' else 'person' || g || '@bench.test' end,
        case when g <= ${agents} then 'Agent ' || g else 'Person ' || g end,
        case when g <= ${agents} then 'agent' else 'end_user' end,
        true, now() - interval '400 days', now() - interval '400 days', ${base + groups} + g
      from generate_series(1, ${users}) g`.execute(trx);
    // ~0.5 KB as JSON: a subject, a few sentences of description, tags and two custom fields.
    await sql`
      insert into tickets (id, number, subject, description, requester_id, cc, assignee_id, group_id, status, priority,
        type, category, tags, custom_fields, channel, created_at, updated_at, resolved_at, closed_at, rev)
      select md5('ticket' || g)::uuid, 100000 + g,
        'Printer on floor ' || (g % 9) || ' stops after ' || (g % 40) || ' pages (asset ' || (10000 + g % 7919) || ')',
        'Since this morning the printer stops mid-job and shows a paper-path error. Restarting it helps for a few pages. '
          || 'Other people on the floor see the same. Driver version ' || (g % 17) || '.' || (g % 5) || ', last serviced in spring.',
        md5('user' || (${agents} + 1 + g % ${requesters}))::uuid,
        case when g % 7 = 0 then array[md5('user' || (${agents} + 1 + (g * 3) % ${requesters}))::uuid] else '{}' end,
        case when g % 3 = 0 then null else md5('user' || (1 + g % ${agents}))::uuid end,
        md5('group' || (1 + g % ${groups}))::uuid,
        (array['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'])[1 + g % 6],
        (array['P1', 'P2', 'P3', 'P4'])[1 + g % 4],
        (array['incident', 'service_request', 'problem', 'change', 'question'])[1 + g % 5],
        (array['hardware', 'software', 'network', 'access'])[1 + g % 4],
        array['printer', 'floor-' || (g % 9)],
        jsonb_build_object('asset', 'PRN-' || (g % 7919), 'site', 'HQ'),
        (array['console', 'portal', 'tray', 'email', 'api', 'phone'])[1 + g % 6],
        now() - make_interval(mins => ${tickets} - g + 60), now() - make_interval(mins => ${tickets} - g),
        null, null, ${ticketRev('g')}
      from generate_series(1, ${tickets}) g`.execute(trx);
    await sql`select setval('ticket_number_seq', ${100000 + tickets + 1})`.execute(trx);
    // Events of ticket t are t's events 1..per: replies, internal notes, and a status change.
    await sql`
      insert into ticket_events (id, ticket_id, kind, public, author_id, body, changes, attachment_ids, created_at, rev)
      select md5('event' || t || '.' || k)::uuid, md5('ticket' || t)::uuid,
        case when k = ${per} then 'field_change' when k % 2 = 0 then 'note' else 'reply' end,
        k % 2 = 1 or k = ${per},
        case when k % 2 = 1 then md5('user' || (${agents} + 1 + t % ${requesters}))::uuid else md5('user' || (1 + t % ${agents}))::uuid end,
        case when k = ${per} then null
          else 'Thanks, I tried that. The tray still jams after the third page and the panel shows code ' || (t % 97) || '. Reply ' || k || '.' end,
        case when k = ${per} then '[{"field":"status","from":"new","to":"open"}]'::jsonb else null end,
        '{}', now() - make_interval(mins => ${tickets} - t + 60 - k), ${ticketRev('t')} + k
      from generate_series(1, ${tickets}) t, generate_series(1, ${per}) k`.execute(trx);
    const top = base + users + groups + tickets * (per + 1);
    await sql`update sync_clock set rev = ${top} where id = 1`.execute(trx);
  });
  await sql`analyze`.execute(db);
  return { tickets, events: tickets * per, users, groups, rev: await currentRev(db) };
}
