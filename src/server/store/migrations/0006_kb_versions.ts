import { sql, type Kysely } from 'kysely';

/**
 * Knowledge-base versions, and which ticket types a custom field applies to.
 *
 * Every save of an article keeps the state it saved as a numbered version, so an old text can be
 * read and restored (a restore is a save too, so it is itself a version). Existing articles get
 * their current state as version 1. Versions are not replicated: they are read over REST.
 *
 * `custom_fields.ticket_types`: the ticket types a field is shown and required on; empty means all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table kb_article_versions (
      article_id uuid not null references kb_articles (id) on delete cascade,
      version integer not null check (version > 0),
      title text not null,
      body text not null,
      visibility text not null,
      category text,
      tags text[] not null default '{}',
      author_id uuid references users (id),
      created_at timestamptz not null,
      primary key (article_id, version)
    );
    insert into kb_article_versions (article_id, version, title, body, visibility, category, tags, author_id, created_at)
      select id, 1, title, body, visibility, category, tags, author_id, updated_at from kb_articles;

    alter table custom_fields add column ticket_types text[] not null default '{}';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table kb_article_versions;
    alter table custom_fields drop column ticket_types;
  `.execute(db);
}
