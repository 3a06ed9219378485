// The console's previous ticket search (MiniSearch over subject, description and replies, as of
// commit 56e6fd6), kept here only as the peer the benchmark measures beside the current one.
import MiniSearch, { type SearchResult } from 'minisearch';

/** The part of a ticket the search reads. */
export interface SearchableTicket {
  id: string;
  subject: string;
  description: string;
  updatedAt: string;
}

/** The text of a ticket's replies (and, for agents, internal notes), by ticket id. */
export type RepliesByTicket = ReadonlyMap<string, string>;

/** What was indexed of a ticket: its version and how much reply text (replies only grow). */
const versionOf = (t: SearchableTicket, replies: string | undefined) => `${t.updatedAt}|${replies?.length ?? 0}`;

export interface TicketHit {
  id: string;
  score: number;
  /** The words of the ticket that matched, for highlighting. */
  terms: string[];
}

/**
 * A MiniSearch index of ticket subjects, descriptions and replies, kept in step with the local
 * database incrementally: `sync` compares each ticket's `updatedAt` and reply length with what was
 * indexed and queues only the changes; `drain` indexes the queue a slice at a time so a first sync
 * of 100,000 tickets never blocks the page for long. Which events count as replies is the
 * caller's choice (the console passes replies and notes: every console user is an agent).
 */
export class MiniSearchTicketIndex {
  private readonly index = new MiniSearch<SearchableTicket & { replies: string }>({
    fields: ['subject', 'description', 'replies'],
    storeFields: [],
    processTerm: (term) => {
      const t = term.toLowerCase();
      return STOP_WORDS.has(t) ? null : t;
    },
    // Only the word being typed is a prefix, and no typo tolerance: each widens the set of
    // postings to score, and on 100,000 tickets that is what a slow keystroke is made of
    // (bench/console-queue.bench.ts: fuzzy prefixes on every word were ~7× slower at p95).
    // A prefix of one or two letters expands to thousands of words, each a postings list to score:
    // the word being typed is a prefix only from its third letter.
    searchOptions: { boost: { subject: 2 }, prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3, fuzzy: false, combineWith: 'AND' },
  });
  /** id → the indexed version (versionOf). */
  private readonly indexed = new Map<string, string>();
  private queue: Array<{ kind: 'put'; doc: SearchableTicket; replies: string; version: string } | { kind: 'remove'; id: string }> = [];

  /** How many tickets are indexed now. */
  get size(): number {
    return this.indexed.size;
  }

  /** Changes waiting to be indexed. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Queues what changed since the last sync: new and updated tickets (or replies), and removed ones. */
  sync(tickets: Iterable<SearchableTicket>, replies: RepliesByTicket = new Map()): void {
    const seen = new Set<string>();
    const queued = new Map<string, { doc: SearchableTicket; replies: string; version: string }>();
    for (const t of tickets) {
      seen.add(t.id);
      const text = replies.get(t.id);
      const version = versionOf(t, text);
      if (this.indexed.get(t.id) !== version) queued.set(t.id, { doc: t, replies: text ?? '', version });
    }
    // A later sync supersedes what an earlier one queued for the same ticket.
    this.queue = this.queue.filter((w) => (w.kind === 'put' ? !queued.has(w.doc.id) && seen.has(w.doc.id) : !seen.has(w.id)));
    for (const work of queued.values()) this.queue.push({ kind: 'put', ...work });
    for (const id of this.indexed.keys()) if (!seen.has(id)) this.queue.push({ kind: 'remove', id });
  }

  /** Indexes queued changes for about `budgetMs`; returns whether work is left. */
  drain(budgetMs = Infinity): boolean {
    const until = performance.now() + budgetMs;
    let i = 0;
    for (; i < this.queue.length; i++) {
      if ((i & 255) === 0 && i > 0 && performance.now() > until) break;
      const work = this.queue[i]!;
      const id = work.kind === 'put' ? work.doc.id : work.id;
      if (this.indexed.has(id)) this.index.discard(id);
      if (work.kind === 'put') {
        this.index.add({ id, subject: work.doc.subject, description: work.doc.description, updatedAt: work.doc.updatedAt, replies: work.replies });
        this.indexed.set(id, work.version);
      } else {
        this.indexed.delete(id);
      }
    }
    this.queue = this.queue.slice(i);
    // discard() leaves tombstones in the index; vacuuming now and then keeps searches fast.
    if (this.index.dirtCount > 5_000 && this.index.dirtFactor > 0.1 && !this.index.isVacuuming) void this.index.vacuum();
    return this.queue.length > 0;
  }

  /** Tickets matching every word of `query` (the last one as a prefix), best first. */
  search(query: string, limit = 500): TicketHit[] {
    if (!query.trim()) return [];
    return this.index
      .search(query)
      .slice(0, limit)
      .map((r: SearchResult) => ({ id: String(r.id), score: r.score, terms: r.terms }));
  }
}

const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have i in is it its of on or our so that the their then there this to was we were when with you your'.split(' '),
);
