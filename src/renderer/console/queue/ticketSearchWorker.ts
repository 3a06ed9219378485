import { TicketSearchIndex } from './ticketSearch';
import type { SearchRequest, SearchReply } from './workerTicketSearch';

/**
 * The ticket search index on a thread of its own (see workerTicketSearch): it takes the feed's
 * changes in batches, indexes them in slices so that a search asked meanwhile is answered between
 * two slices, and reports its progress at most every PROGRESS_MS.
 */
const scope = self as unknown as { onmessage: ((e: MessageEvent<SearchRequest[]>) => void) | null; postMessage(message: SearchReply): void };
const index = new TicketSearchIndex();
/** Long enough that the indexing is not mostly task switches, short enough that a search waits little. */
const SLICE_MS = 40;
const PROGRESS_MS = 250;
let draining = false;
let lastProgress = 0;

const progress = (force: boolean) => {
  const now = performance.now();
  if (!force && now - lastProgress < PROGRESS_MS) return;
  lastProgress = now;
  scope.postMessage({ op: 'progress', indexed: index.size, backlog: index.backlog });
};

const drain = () => {
  const more = index.drain(SLICE_MS);
  progress(!more);
  if (more) setTimeout(drain, 0);
  else draining = false;
};

scope.onmessage = (e) => {
  let changed = false;
  for (const m of e.data) {
    switch (m.op) {
      case 'put':
        index.putTicket(m.ticket);
        changed = true;
        break;
      case 'remove':
        index.removeTicket(m.id);
        changed = true;
        break;
      case 'replies':
        index.setReplies(m.ticketId, m.text);
        changed = true;
        break;
      case 'name':
        index.setRequesterName(m.userId, m.name);
        changed = true;
        break;
      case 'search':
        scope.postMessage({ op: 'hits', seq: m.seq, hits: index.search(m.query) });
        break;
    }
  }
  if (changed && !draining) {
    draining = true;
    setTimeout(drain, 0);
  }
};
