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

/** A version no ticket has: its indexed text is out of date. */
const STALE = '';

/** A word is a prefix of a longer one from its third letter: shorter prefixes match most of the index. */
const MIN_PREFIX = 3;
/**
 * Prefixes stop at twelve letters: longer ones add a token per letter of every long word (most of
 * the index's size) and almost never narrow a search further. A longer query word is looked up by
 * its first twelve letters.
 */
export const MAX_PREFIX = 12;
/** Words, of any script; "Wi-Fi" is "wi" and "fi", "T-4821" is "t" and "4821". */
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A FlexSearch index of ticket subjects, descriptions and replies (and number and requester
 * name), fed change by change: `putTicket`, `removeTicket`, `setReplies` and `setRequesterName`
 * record the new state and mark only the tickets it touches; `drain` indexes the marked tickets
 * a slice at a time, so a first build of 100,000 tickets never blocks the page for long and a
 * one-ticket change costs one ticket's work. Changes that come while the first build runs only
 * mark their ticket again: the latest state is what gets indexed. (`sync` compares a whole list,
 * for callers that only have one.)
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
  /** The latest known state: tickets, reply text by ticket, names by user, tickets by requester. */
  private readonly tickets = new Map<string, SearchableTicket>();
  private readonly replies = new Map<string, string>();
  private readonly names = new Map<string, string>();
  private readonly byRequester = new Map<string, Set<string>>();
  /** Tickets to (re)index or remove, in the order they were marked. */
  private readonly dirty = new Set<string>();

  /** How many tickets are indexed now. */
  get size(): number {
    return this.indexed.size;
  }

  /** Tickets waiting to be indexed or removed. */
  get backlog(): number {
    return this.dirty.size;
  }

  /** A ticket arrived or changed. */
  putTicket(t: SearchableTicket): void {
    const before = this.tickets.get(t.id);
    if (before?.requesterId !== t.requesterId) {
      if (before?.requesterId) this.byRequester.get(before.requesterId)?.delete(t.id);
      if (t.requesterId) {
        let set = this.byRequester.get(t.requesterId);
        if (!set) this.byRequester.set(t.requesterId, (set = new Set()));
        set.add(t.id);
      }
    }
    this.tickets.set(t.id, t);
    if (before && sameText(before, t)) return;
    // Its text changed even if its updatedAt did not (two edits in one millisecond): not the indexed version any more.
    if (this.indexed.has(t.id)) this.indexed.set(t.id, STALE);
    this.dirty.add(t.id);
  }

  /** A ticket was deleted or left this agent's scope (its reply text is kept until its events go: it may come back). */
  removeTicket(id: string): void {
    const before = this.tickets.get(id);
    if (!before) return;
    if (before.requesterId) this.byRequester.get(before.requesterId)?.delete(id);
    this.tickets.delete(id);
    this.dirty.add(id);
  }

  /** The whole reply text of a ticket, oldest first ('' when it has none). */
  setReplies(ticketId: string, text: string): void {
    if ((this.replies.get(ticketId) ?? '') === text) return;
    if (text) this.replies.set(ticketId, text);
    else this.replies.delete(ticketId);
    if (this.tickets.has(ticketId)) this.dirty.add(ticketId);
  }

  /** A user's name: only the tickets they asked are marked, and only when it changed. */
  setRequesterName(userId: string, name: string): void {
    if ((this.names.get(userId) ?? '') === name) return;
    if (name) this.names.set(userId, name);
    else this.names.delete(userId);
    for (const id of this.byRequester.get(userId) ?? []) this.dirty.add(id);
  }

  /** Marks what differs between the index and a whole list of tickets, replies and names. */
  sync(tickets: Iterable<SearchableTicket>, replies: RepliesByTicket = new Map(), requesterName: RequesterName = () => ''): void {
    const seen = new Set<string>();
    for (const t of tickets) {
      seen.add(t.id);
      if (this.tickets.get(t.id) !== t) this.putTicket(t);
      if (t.requesterId) this.setRequesterName(t.requesterId, requesterName(t.requesterId));
      this.setReplies(t.id, replies.get(t.id) ?? '');
    }
    for (const id of [...this.tickets.keys()]) if (!seen.has(id)) this.removeTicket(id);
  }

  /** Indexes marked tickets for about `budgetMs`; returns whether work is left. */
  drain(budgetMs = Infinity): boolean {
    const until = performance.now() + budgetMs;
    let done = 0;
    this.expand = true;
    try {
      for (const id of this.dirty) {
        if ((done & 255) === 0 && done > 0 && performance.now() > until) break;
        this.dirty.delete(id);
        done++;
        const t = this.tickets.get(id);
        const slot = this.slotOf.get(id);
        if (t) {
          const text = this.replies.get(id);
          const requester = t.requesterId ? (this.names.get(t.requesterId) ?? '') : '';
          const version = versionOf(t, text, requester);
          if (this.indexed.get(id) === version) continue;
          const body = documentText(t, requester, text ?? '');
          if (slot !== undefined) this.index.update(slot, body);
          else this.index.add(this.claimSlot(id), body);
          this.indexed.set(id, version);
        } else {
          if (slot !== undefined) {
            this.index.remove(slot);
            this.releaseSlot(id, slot);
          }
          this.indexed.delete(id);
        }
      }
    } finally {
      this.expand = false;
    }
    return this.dirty.size > 0;
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
    return (this.index.search(term.slice(0, MAX_PREFIX), { limit }) as number[] | undefined) ?? [];
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

/** Whether two versions of a ticket would be indexed the same (a status change is not searched). */
const sameText = (a: SearchableTicket, b: SearchableTicket) =>
  a.subject === b.subject && a.description === b.description && a.number === b.number && a.requesterId === b.requesterId;

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

/** A ticket's words (cut to MAX_PREFIX letters), each followed by its prefixes from three letters. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    // A word longer than MAX_PREFIX is kept as its first MAX_PREFIX letters, as a query word is.
    const kept = w.length > MAX_PREFIX ? w.slice(0, MAX_PREFIX) : w;
    out.push(kept);
    for (let n = MIN_PREFIX; n < kept.length; n++) out.push(w.slice(0, n));
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
