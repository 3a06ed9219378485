import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the reports (src/server/reports): each report reads tickets by creation and by
 * resolution time, the open backlog, and the replies and ratings of a date range. Without them
 * every report reads the whole tickets and ticket_events tables.
 * - tickets by creation time, and by resolution time (resolvedAt, or closedAt for a ticket closed
 *   straight away: the same expression the reports use);
 * - the open backlog, a small part of all tickets once a help desk has run a while;
 * - public replies and ratings by time (the first-response lookup per ticket already has
 *   ticket_events_ticket).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index tickets_created on tickets (created_at);
    create index tickets_resolution on tickets ((coalesce(resolved_at, closed_at)));
    create index tickets_backlog on tickets (status) where deleted_at is null and status in ('new', 'open', 'pending', 'on_hold');
    create index ticket_events_replies_at on ticket_events (created_at) where kind = 'reply';
    create index ticket_events_ratings_at on ticket_events (created_at) where kind = 'rating';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index ticket_events_ratings_at;
    drop index ticket_events_replies_at;
    drop index tickets_backlog;
    drop index tickets_resolution;
    drop index tickets_created;
  `.execute(db);
}
