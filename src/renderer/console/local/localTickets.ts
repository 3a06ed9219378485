import { BehaviorSubject, type Subscription } from 'rxjs';
import type { RxChangeEvent, RxCollection } from 'rxdb';
import type { Ticket } from '../../../shared/domain/ticket';
import { readAllStored, readNewestStored } from './storedDocs';

/** What the queue shows of the local tickets. */
export interface LocalTicketList {
  /** Every local ticket (or, until `complete`, the newest few); null until the first read. */
  tickets: readonly Ticket[] | null;
  /** Whether `tickets` is every local ticket. */
  complete: boolean;
  /** A ticket by id among the latest known, in O(1) (search hits are turned into rows with it). */
  byId: ReadonlyMap<string, Ticket>;
}

const EMPTY: LocalTicketList = { tickets: null, complete: false, byId: new Map() };

/**
 * Every ticket of the local database in memory, kept up to date by the collection's change
 * events, for the pages that need all of them (the queue sorts, filters, counts and indexes every
 * ticket). Lives as long as the local database is open, so leaving the queue and coming back
 * reads nothing again.
 *
 * Start-up: the `firstPaint` newest tickets first (an index walk of a few ms, so the queue paints
 * at once), then every ticket in chunks (storedDocs). Change events are listened to before either
 * read starts; a ticket whose event came while the reads ran keeps the event's state, which is
 * never older than what the read found. After that, a change costs a Map update, and the list is
 * handed out again at most once per `throttleMs` (a first sync writes a thousand tickets a batch).
 */
export class LocalTickets {
  readonly list$ = new BehaviorSubject<LocalTicketList>(EMPTY);
  /** Resolves once every stored ticket was read (or reading stopped). */
  readonly loaded: Promise<void>;
  private readonly byId = new Map<string, Ticket>();
  /** Ids whose change event came while the reads ran: the event's state stands. */
  private readonly seenDuringLoad = new Set<string>();
  private loading = true;
  private stopped = false;
  private subscription: Subscription | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastPublished = 0;

  constructor(
    private readonly collection: RxCollection<Ticket>,
    private readonly options: { firstPaint: number; throttleMs: number },
  ) {
    this.subscription = collection.$.subscribe((ev) => this.onChange(ev as RxChangeEvent<Ticket>));
    this.loaded = this.load().catch((error: unknown) => {
      // The database was closed under the read (sign-out, reload): there is nothing left to show.
      if (!this.stopped) throw error;
    });
  }

  /**
   * Every ticket as of now, including changes not yet handed out in `list$` (those wait for the
   * throttle): for a reader that starts listening to change events and then needs the state they
   * apply to.
   */
  current(): Ticket[] {
    return [...this.byId.values()];
  }

  /** Stops listening; the list stays as it was. */
  stop(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async load(): Promise<void> {
    const newest = await readNewestStored(this.collection, 'updatedAt', this.options.firstPaint);
    if (this.stopped) return;
    // Whatever changed meanwhile is newer than the read.
    const first: Ticket[] = [...newest.filter((t) => !this.seenDuringLoad.has(t.id)), ...this.byId.values()];
    this.list$.next({ tickets: first, complete: false, byId: new Map(first.map((t) => [t.id, t])) });
    // Marks for a performance profile (bench/console-browser.bench.ts reports them).
    performance.mark('tandem:tickets-newest');
    const all = await readAllStored(this.collection, { stopped: () => this.stopped });
    if (this.stopped) return;
    for (const t of all) if (!this.seenDuringLoad.has(t.id)) this.byId.set(t.id, t as Ticket);
    this.loading = false;
    this.seenDuringLoad.clear();
    this.publish();
    performance.mark('tandem:tickets-all');
  }

  private onChange(ev: RxChangeEvent<Ticket>): void {
    if (this.loading) this.seenDuringLoad.add(ev.documentId);
    if (ev.operation === 'DELETE') this.byId.delete(ev.documentId);
    else this.byId.set(ev.documentId, ev.documentData as Ticket);
    if (!this.loading) this.schedule();
  }

  /** The first change after a quiet spell goes out at once, later ones at most once per `throttleMs`. */
  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastPublished + this.options.throttleMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.publish();
    }, wait);
  }

  private publish(): void {
    this.lastPublished = performance.now();
    this.list$.next({ tickets: [...this.byId.values()], complete: true, byId: this.byId });
  }
}
