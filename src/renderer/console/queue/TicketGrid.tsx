import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import { formatTicketNumber, type Ticket } from '../../../shared/domain/ticket';
import { followLink, hrefOf } from '../../common/router';
import { strings } from '../../common/strings';
import { Highlighted } from './Highlighted';
import type { NameLookup, QueueSort, SortColumn } from './queueModel';

const ROW_HEIGHT = 40;

const COLUMNS: Array<{ id: SortColumn; label: string }> = [
  { id: 'number', label: strings.queue.number },
  { id: 'subject', label: strings.queue.subject },
  { id: 'requester', label: strings.queue.requester },
  { id: 'status', label: strings.queue.status },
  { id: 'priority', label: strings.queue.priority },
  { id: 'group', label: strings.queue.group },
  { id: 'assignee', label: strings.queue.assignee },
  { id: 'updated', label: strings.queue.updated },
];

// Short enough for the column; the full date is in the title.
const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

interface TicketGridProps {
  rows: readonly Ticket[];
  names: NameLookup;
  sort: QueueSort;
  onSort(column: SortColumn): void;
  /** The keyboard-selected row. */
  active: number;
  onActive(index: number): void;
  onOpen(ticket: Ticket): void;
  /** Matched words per ticket id while searching, for highlighting. */
  terms: ReadonlyMap<string, string[]> | null;
}

/**
 * The queue as an ARIA grid that renders only the rows in view (TanStack Virtual), so 100,000
 * local tickets scroll as smoothly as 100. The active row follows j/k and is scrolled into view.
 * Memoised: the page re-renders as the search index fills, and the grid need not follow.
 */
export const TicketGrid = memo(function TicketGrid({ rows, names, sort, onSort, active, onActive, onOpen, terms }: TicketGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (active >= 0 && active < rows.length) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, rows.length, virtualizer]);

  const activeTicket = rows[active];
  return (
    <div
      className="ticket-grid"
      role="grid"
      aria-label={strings.queue.gridLabel}
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={activeTicket ? `row-${activeTicket.id}` : undefined}
      tabIndex={0}
    >
      <div role="rowgroup" className="ticket-grid-head">
        <div role="row" aria-rowindex={1} className="ticket-row head">
          {COLUMNS.map((c) => (
            <div
              key={c.id}
              role="columnheader"
              aria-sort={sort.column === c.id ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              className={`col-${c.id}`}
            >
              <button type="button" className="sort-button" onClick={() => onSort(c.id)} title={strings.queue.sortBy(c.label)}>
                {c.label}
                <span aria-hidden="true">{sort.column === c.id ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </div>
          ))}
        </div>
      </div>
      {/* As tall as its rows up to the window's room for it (max-height in queue.css). */}
      <div ref={scrollRef} className="ticket-grid-body" role="rowgroup" style={{ height: rows.length * ROW_HEIGHT }}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const t = rows[item.index]!;
            const selected = item.index === active;
            return (
              <div
                key={t.id}
                id={`row-${t.id}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className={`ticket-row${selected ? ' active' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => onActive(item.index)}
                onDoubleClick={() => onOpen(t)}
              >
                <div role="gridcell" className="col-number code">
                  {formatTicketNumber(t.number)}
                </div>
                <div role="gridcell" className="col-subject">
                  <a href={hrefOf(`/queue/${formatTicketNumber(t.number)}`)} tabIndex={-1} onClick={(e) => followLink(e, `/queue/${formatTicketNumber(t.number)}`)}>
                    <Highlighted text={t.subject} terms={terms?.get(t.id)} />
                  </a>
                </div>
                <div role="gridcell" className="col-requester">{names.user(t.requesterId)}</div>
                <div role="gridcell" className="col-status">
                  <span className={`badge status-${t.status}`}>{strings.status[t.status] ?? t.status}</span>
                </div>
                <div role="gridcell" className="col-priority">
                  <span className={`priority priority-${t.priority}`}>{t.priority}</span>
                </div>
                <div role="gridcell" className="col-group">{names.group(t.groupId)}</div>
                <div role="gridcell" className="col-assignee">{names.user(t.assigneeId) || <span className="muted">{strings.ticket.unassigned}</span>}</div>
                <div role="gridcell" className="col-updated">
                  <time dateTime={t.updatedAt} title={fullDate.format(new Date(t.updatedAt))}>
                    {dateFormat.format(new Date(t.updatedAt))}
                  </time>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
});
