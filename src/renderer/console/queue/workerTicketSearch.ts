import { BehaviorSubject } from 'rxjs';
import type { TandemDatabase } from '../../../shared/sync/database';
import type { LocalTickets } from '../local/localTickets';
import { TicketSearchIndex, type SearchableTicket, type TicketHit } from './ticketSearch';
import { feedTicketSearch, type TicketSearchInput } from './ticketSearchFeed';

/** What the page sends the search thread, in batches. */
export type SearchRequest =
  | { op: 'put'; ticket: SearchableTicket }
  | { op: 'remove'; id: string }
  | { op: 'replies'; ticketId: string; text: string }
  | { op: 'name'; userId: string; name: string }
  | { op: 'search'; seq: number; query: string };
/** What it answers. */
export type SearchReply = { op: 'hits'; seq: number; hits: TicketHit[] } | { op: 'progress'; indexed: number; backlog: number };

export interface SearchProgress {
  /** Tickets indexed so far. */
  indexed: number;
  /** Changes the index has taken in so far: a search answered before may be out of date. */
  version: number;
}

/** An index the feed writes into and the queue asks. */
interface SearchBackend {
  input: TicketSearchInput;
  search(query: string): Promise<TicketHit[]>;
  stop(): void;
}

/**
 * The local tickets' search index, for as long as the local data is open (so coming back to the
 * queue does not index everything again). It starts once the tickets are in memory, fed by the
 * database's change events (ticketSearchFeed) with the tickets LocalTickets already read.
 *
 * The index lives on a Web Worker: building it for 100,000 tickets is tens of seconds of work
 * which, on the page's thread even in 12 ms slices, made every frame of the queue wait for a
 * slice. The page only forwards changes (a batch per task) and asks; a search is a message each
 * way. Where a worker cannot start (file:// pages in some shells, a CSP without it) the same
 * index runs on the page, in slices, as before.
 */
export class TicketSearchService {
  readonly progress$ = new BehaviorSubject<SearchProgress>({ indexed: 0, version: 0 });
  private backend: SearchBackend | null = null;
  private stopFeed: (() => void) | null = null;
  private stopped = false;

  constructor(db: TandemDatabase, tickets: LocalTickets) {
    void tickets.loaded.then(() => {
      if (this.stopped) return;
      const onProgress = (indexed: number) => this.progress$.next({ indexed, version: this.progress$.value.version + 1 });
      const feed = (backend: SearchBackend) => {
        this.backend = backend;
        this.stopFeed = feedTicketSearch(db, backend.input, () => undefined, { tickets: async () => tickets.current() });
      };
      // A worker that fails to load (it does not throw, it reports an error event) is replaced
      // by the in-page index, fed from the start again.
      const onFailed = () => {
        if (this.stopped) return;
        this.stopFeed?.();
        this.backend?.stop();
        feed(startInThreadBackend(onProgress));
      };
      feed(startWorkerBackend(onProgress, onFailed) ?? startInThreadBackend(onProgress));
    });
  }

  /** Tickets matching every word of `query`, best first (none until the index has started). */
  search(query: string): Promise<TicketHit[]> {
    return this.backend ? this.backend.search(query) : Promise.resolve([]);
  }

  stop(): void {
    this.stopped = true;
    this.stopFeed?.();
    this.backend?.stop();
    this.backend = null;
  }
}

/** Slice of the page's thread the in-page index may take before yielding to input and painting. */
const SLICE_MS = 12;

function startInThreadBackend(onProgress: (indexed: number) => void): SearchBackend {
  const index = new TicketSearchIndex();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const step = () => {
    timer = null;
    const more = index.drain(SLICE_MS);
    onProgress(index.size);
    if (more && !stopped) timer = setTimeout(step, 0);
  };
  // Changes that come together (a sync batch) are indexed together in the next task.
  const changed = () => {
    if (!timer && !stopped) timer = setTimeout(step, 0);
  };
  const input: TicketSearchInput = {
    putTicket: (t) => (index.putTicket(t), changed()),
    removeTicket: (id) => (index.removeTicket(id), changed()),
    setReplies: (id, text) => (index.setReplies(id, text), changed()),
    setRequesterName: (id, name) => (index.setRequesterName(id, name), changed()),
  };
  return {
    input,
    search: async (query) => index.search(query),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Requests per message: a first build sends 100,000 tickets, in messages the page clones quickly. */
const BATCH = 2_000;

function startWorkerBackend(onProgress: (indexed: number) => void, onFailed: () => void): SearchBackend | null {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./ticketSearchWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  let pending: SearchRequest[] = [];
  let flushing = false;
  const flush = () => {
    flushing = false;
    if (pending.length) worker.postMessage(pending);
    pending = [];
  };
  const send = (request: SearchRequest) => {
    pending.push(request);
    if (pending.length >= BATCH) flush();
    else if (!flushing) {
      flushing = true;
      queueMicrotask(flush);
    }
  };
  let seq = 0;
  const waiting = new Map<number, (hits: TicketHit[]) => void>();
  let answered = false;
  worker.onerror = (e) => {
    e.preventDefault();
    if (!answered) onFailed();
  };
  worker.onmessage = (e: MessageEvent<SearchReply>) => {
    answered = true;
    const reply = e.data;
    if (reply.op === 'progress') onProgress(reply.indexed);
    else {
      waiting.get(reply.seq)?.(reply.hits);
      waiting.delete(reply.seq);
    }
  };
  return {
    input: {
      putTicket: (ticket) =>
        send({ op: 'put', ticket: { id: ticket.id, subject: ticket.subject, description: ticket.description, updatedAt: ticket.updatedAt, number: ticket.number, requesterId: ticket.requesterId } }),
      removeTicket: (id) => send({ op: 'remove', id }),
      setReplies: (ticketId, text) => send({ op: 'replies', ticketId, text }),
      setRequesterName: (userId, name) => send({ op: 'name', userId, name }),
    },
    search: (query) =>
      new Promise((resolve) => {
        const n = ++seq;
        waiting.set(n, resolve);
        send({ op: 'search', seq: n, query });
        flush();
      }),
    stop: () => {
      worker.terminate();
      for (const resolve of waiting.values()) resolve([]);
      waiting.clear();
    },
  };
}
