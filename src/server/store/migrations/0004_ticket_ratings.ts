import { sql, type Kysely } from 'kysely';

/**
 * Ticket ratings are `rating` ticket events (see src/shared/domain/rating.ts): the score sits on the
 * event, the comment in its body. The index serves the "already rated this resolution?" check.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ticket_events add column score smallint check (score between 1 and 5);
    alter table ticket_events add constraint ticket_events_rating_score check ((kind = 'rating') = (score is not null));
    create index ticket_events_ratings on ticket_events (ticket_id, author_id, created_at) where kind = 'rating';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index ticket_events_ratings;
    alter table ticket_events drop constraint ticket_events_rating_score;
    alter table ticket_events drop column score;
  `.execute(db);
}
