import MiniSearch, { type SearchResult } from 'minisearch';

/** The part of a ticket the search reads. */
export interface SearchableTicket {
  id: string;
  subject: string;
  description: string;
  updatedAt: string;
}

export interface TicketHit {
  id: string;
  score: number;
  /** The words of the ticket that matched, for highlighting. */
  terms: string[];
}

/**
 * A MiniSearch index of ticket subjects and descriptions, kept in step with the local database
 * incrementally: `sync` compares each ticket's `updatedAt` with what was indexed and queues only
 * the changes; `drain` indexes the queue a slice at a time so a first sync of 100,000 tickets never
 * blocks the page for long.
 */
export class TicketSearchIndex {
  private readonly index = new MiniSearch<SearchableTicket>({
    fields: ['subject', 'description'],
    storeFields: [],
    processTerm: (term) => {
      const t = term.toLowerCase();
      return STOP_WORDS.has(t) ? null : t;
    },
    // Only the word being typed is a prefix, and no typo tolerance: each widens the set of
    // postings to score, and on 100,000 tickets that is what a slow keystroke is made of
    // (bench/console-queue.bench.ts: fuzzy prefixes on every word were ~7× slower at p95).
    searchOptions: { boost: { subject: 2 }, prefix: (_term, i, terms) => i === terms.length - 1, fuzzy: false, combineWith: 'AND' },
  });
  /** id → updatedAt of the indexed version. */
  private readonly indexed = new Map<string, string>();
  private queue: Array<{ kind: 'put'; doc: SearchableTicket } | { kind: 'remove'; id: string }> = [];

  /** How many tickets are indexed now. */
  get size(): number {
    return this.indexed.size;
  }

  /** Changes waiting to be indexed. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Queues what changed since the last sync: new and updated tickets, and removed ones. */
  sync(tickets: Iterable<SearchableTicket>): void {
    const seen = new Set<string>();
    const queued = new Map<string, SearchableTicket>();
    for (const t of tickets) {
      seen.add(t.id);
      if (this.indexed.get(t.id) !== t.updatedAt) queued.set(t.id, t);
    }
    // A later sync supersedes what an earlier one queued for the same ticket.
    this.queue = this.queue.filter((w) => (w.kind === 'put' ? !queued.has(w.doc.id) && seen.has(w.doc.id) : !seen.has(w.id)));
    for (const doc of queued.values()) this.queue.push({ kind: 'put', doc });
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
        this.index.add({ id, subject: work.doc.subject, description: work.doc.description, updatedAt: work.doc.updatedAt });
        this.indexed.set(id, work.doc.updatedAt);
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

/** Words too common to narrow a search; leaving them out keeps the index and each query smaller. */
const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have i in is it its of on or our so that the their then there this to was we were when with you your'.split(' '),
);

export interface Segment {
  text: string;
  hit: boolean;
}

/** Splits `text` into runs that are or are not matches of `terms` (at word starts, any case). */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const words = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (words.length === 0 || !text) return text ? [{ text, hit: false }] : [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escapeRegExp).join('|')})`, 'giu');
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), hit: false });
    out.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
