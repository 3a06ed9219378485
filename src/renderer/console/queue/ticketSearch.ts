import { Index } from 'flexsearch';

/** The part of a ticket the search reads. */
export interface SearchableTicket {
  id: string;
  subject: string;
  description: string;
  updatedAt: string;
  /** The ticket number, found by "4821", "T-4821" or "#4821". */
  number?: number;
  requesterId?: string;
}

/** The text of a ticket's replies (and, for agents, internal notes), by ticket id. */
export type RepliesByTicket = ReadonlyMap<string, string>;

/** The requester's name for a ticket, so an agent can search by who asked. */
export type RequesterName = (requesterId: string) => string;

export interface TicketHit {
  id: string;
  score: number;
  /** The words of the query this ticket matched, for highlighting (at word starts). */
  terms: string[];
}

/** What was indexed of a ticket: its version, its requester's name and how much reply text (replies only grow). */
const versionOf = (t: SearchableTicket, replies: string | undefined, requester: string) => `${t.updatedAt}|${replies?.length ?? 0}|${requester}`;

/** A word is a prefix of a longer one from its third letter: shorter prefixes match most of the index. */
const MIN_PREFIX = 3;
/** Words, of any script; "Wi-Fi" is "wi" and "fi", "T-4821" is "t" and "4821". */
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A FlexSearch index of ticket subjects, descriptions and replies (and number and requester
 * name), kept in step with the local database incrementally: `sync` compares each ticket's
 * version with what was indexed and queues only the changes; `drain` indexes the queue a slice at
 * a time so a first sync of 100,000 tickets never blocks the page for long.
 *
 * Why FlexSearch and not MiniSearch: MiniSearch scores every matching posting with BM25 and sorts
 * them all on each keystroke, so a common word at 100,000 tickets costs tens of ms; FlexSearch
 * keeps postings in relevance slots and stops once it has `limit` results
 * (bench/console-queue.bench.ts has both, side by side).
 *
 * Each ticket is one document whose text is subject, number, requester, description, replies in
 * that order: FlexSearch ranks by where in the text a word is, so subject matches come first.
 * Every word of the query must match, each as a whole word or (from its third letter) as the
 * start of a longer one. Prefixes are indexed as their own tokens (a "forward" tokenizer, but
 * from three letters: one- and two-letter prefixes would hold almost every ticket).
 */
export class TicketSearchIndex {
  /** Index text is expanded to words and their prefixes; a query is kept to its own words. */
  private expand = false;
  private readonly index = new Index({
    tokenize: 'strict',
    fastupdate: true, // keeps each ticket's postings so an edit or removal is cheap
    resolution: 9,
    encode: (text: string) => (this.expand ? indexTerms(text) : queryTerms(text)),
  });
  /** id → the indexed version (versionOf). */
  private readonly indexed = new Map<string, string>();
  /** FlexSearch is fastest with small integer ids: ticket id ↔ slot. */
  private readonly slotOf = new Map<string, number>();
  private readonly idOf: string[] = [];
  private readonly freeSlots: number[] = [];
  private queue: Array<{ kind: 'put'; doc: SearchableTicket; text: string; version: string } | { kind: 'remove'; id: string }> = [];

  /** How many tickets are indexed now. */
  get size(): number {
    return this.indexed.size;
  }

  /** Changes waiting to be indexed. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Queues what changed since the last sync: new and updated tickets (or replies, or requester names), and removed ones. */
  sync(tickets: Iterable<SearchableTicket>, replies: RepliesByTicket = new Map(), requesterName: RequesterName = () => ''): void {
    const seen = new Set<string>();
    const queued = new Map<string, { doc: SearchableTicket; text: string; version: string }>();
    for (const t of tickets) {
      seen.add(t.id);
      const text = replies.get(t.id);
      const requester = t.requesterId ? requesterName(t.requesterId) : '';
      const version = versionOf(t, text, requester);
      if (this.indexed.get(t.id) !== version) queued.set(t.id, { doc: t, text: documentText(t, requester, text ?? ''), version });
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
    this.expand = true;
    try {
      for (; i < this.queue.length; i++) {
        if ((i & 255) === 0 && i > 0 && performance.now() > until) break;
        const work = this.queue[i]!;
        if (work.kind === 'put') {
          const known = this.slotOf.get(work.doc.id);
          if (known !== undefined) this.index.update(known, work.text);
          else this.index.add(this.claimSlot(work.doc.id), work.text);
          this.indexed.set(work.doc.id, work.version);
        } else {
          const slot = this.slotOf.get(work.id);
          if (slot !== undefined) {
            this.index.remove(slot);
            this.releaseSlot(work.id, slot);
          }
          this.indexed.delete(work.id);
        }
      }
    } finally {
      this.expand = false;
    }
    this.queue = this.queue.slice(i);
    return this.queue.length > 0;
  }

  /** Tickets matching every word of `query` (whole, or as a prefix from three letters), best first, at most `limit`. */
  search(query: string, limit = 500): TicketHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const slots = terms.length === 1 ? this.postings(terms[0]!, limit) : this.intersect(terms, limit);
    return slots.map((slot, rank) => ({ id: this.idOf[slot]!, score: 1 / (rank + 1), terms }));
  }

  /** One word's tickets, best first. FlexSearch answers some empty results with undefined rather than []. */
  private postings(term: string, limit: number): number[] {
    return (this.index.search(term, { limit }) as number[] | undefined) ?? [];
  }

  /**
   * Tickets holding every word, ranked by the sum of their relative ranks in each word's list.
   * Done here rather than by FlexSearch's own AND, which at 100,000 tickets took 20–50 ms for two
   * common words (bench/console-queue.bench.ts); counting over each word's whole list is linear.
   */
  private intersect(terms: readonly string[], limit: number): number[] {
    const lists = terms.map((t) => this.postings(t, Math.max(this.idOf.length, 1))).sort((a, b) => a.length - b.length);
    if (lists[0]!.length === 0) return [];
    const seen = new Uint16Array(this.idOf.length);
    const rank = new Float64Array(this.idOf.length);
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const slot = list[i]!;
        seen[slot]!++;
        rank[slot]! += i / list.length;
      }
    }
    const found = lists[0]!.filter((slot) => seen[slot] === lists.length);
    return found.sort((a, b) => rank[a]! - rank[b]!).slice(0, limit);
  }

  private claimSlot(id: string): number {
    const slot = this.freeSlots.pop() ?? this.idOf.length;
    this.idOf[slot] = id;
    this.slotOf.set(id, slot);
    return slot;
  }

  private releaseSlot(id: string, slot: number): void {
    this.slotOf.delete(id);
    this.idOf[slot] = '';
    this.freeSlots.push(slot);
  }
}

/** Subject first: the index ranks words found earlier in a ticket's text higher. */
function documentText(t: SearchableTicket, requester: string, replies: string): string {
  return [t.subject, t.number === undefined ? '' : String(t.number), requester, t.description, replies].join('\n');
}

/** Words too common to narrow a search; leaving them out keeps the index and each query smaller. */
const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have i in is it its of on or our so that the their then there this to was we were when with you your'.split(' '),
);

function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) if (!STOP_WORDS.has(m[0])) out.push(m[0]);
  return out;
}

/** A ticket's words, each followed by its prefixes from three letters. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    out.push(w);
    for (let n = MIN_PREFIX; n < w.length; n++) out.push(w.slice(0, n));
  }
  return out;
}

/** A query's words, without duplicates; "T-4821" and "#4821" are the ticket number 4821. */
export function queryTerms(query: string): string[] {
  return [...new Set(words(query.replace(/(^|\s)(?:t-|#)(\d+)(?![\p{L}\p{N}])/giu, '$1$2')))];
}

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
