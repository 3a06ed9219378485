import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, type CSSProperties, type MouseEvent, type ReactNode } from 'react';
import type { QueueColumn } from '../../../shared/domain/presets';
import { formatTicketNumber, type Ticket } from '../../../shared/domain/ticket';
import { followLink, hrefOf } from '../../common/router';
import { strings } from '../../common/strings';
import { Highlighted } from './Highlighted';
import type { NameLookup, QueueSort, SortColumn } from './queueModel';

const ROW_HEIGHT = 40;

// Short enough for the column; the full date is in the title.
const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

const when = (iso: string) => (
  <time dateTime={iso} title={fullDate.format(new Date(iso))}>
    {dateFormat.format(new Date(iso))}
  </time>
);

/** How each column is sized and drawn. */
const COLUMNS: Record<QueueColumn, { width: string; cell(t: Ticket, names: NameLookup, terms: string[] | undefined): ReactNode }> = {
  number: { width: '5.5rem', cell: (t) => formatTicketNumber(t.number) },
  subject: {
    width: 'minmax(12rem, 3fr)',
    cell: (t, _n, terms) => (
      <a href={hrefOf(`/queue/${formatTicketNumber(t.number)}`)} tabIndex={-1} onClick={(e) => followLink(e, `/queue/${formatTicketNumber(t.number)}`)}>
        <Highlighted text={t.subject} terms={terms} />
      </a>
    ),
  },
  requester: { width: 'minmax(7rem, 1.1fr)', cell: (t, names) => names.user(t.requesterId) },
  status: { width: '6.5rem', cell: (t) => <span className={`badge status-${t.status}`}>{strings.status[t.status] ?? t.status}</span> },
  priority: { width: '4.5rem', cell: (t) => <span className={`priority priority-${t.priority}`}>{t.priority}</span> },
  type: { width: '8rem', cell: (t) => strings.types[t.type] ?? t.type },
  group: { width: 'minmax(7rem, 1.3fr)', cell: (t, names) => names.group(t.groupId) },
  assignee: { width: 'minmax(7rem, 1.1fr)', cell: (t, names) => names.user(t.assigneeId) || <span className="muted">{strings.ticket.unassigned}</span> },
  tags: { width: 'minmax(6rem, 1fr)', cell: (t) => t.tags.join(', ') },
  created: { width: '9.5rem', cell: (t) => when(t.createdAt) },
  updated: { width: '9.5rem', cell: (t) => when(t.updatedAt) },
};

interface TicketRowProps {
  ticket: Ticket;
  index: number;
  /** Offset from the top of the list, in px. */
  start: number;
  template: CSSProperties;
  columns: readonly QueueColumn[];
  names: NameLookup;
  terms: string[] | undefined;
  current: boolean;
  ticked: boolean;
  onActive(index: number): void;
  onOpen(ticket: Ticket): void;
  onToggle(ticket: Ticket, range: boolean): void;
}

/** One ticket's row; memoised, so rows that stay in view are not drawn again as the list scrolls. */
const TicketRow = memo(function TicketRow(props: TicketRowProps) {
  const { ticket: t, index, start, template, columns, names, terms, current, ticked, onActive, onOpen, onToggle } = props;
  const tick = (e: MouseEvent<HTMLInputElement>) => {
    e.stopPropagation();
    onToggle(t, e.shiftKey);
  };
  return (
    <div
      id={`row-${t.id}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={ticked}
      aria-current={current ? 'true' : undefined}
      className={`ticket-row${current ? ' active' : ''}${ticked ? ' ticked' : ''}`}
      style={{ ...template, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => onActive(index)}
      onDoubleClick={() => onOpen(t)}
    >
      <div role="gridcell" className="col-select">
        <input type="checkbox" tabIndex={-1} aria-label={strings.tools.bulk.select(formatTicketNumber(t.number))} checked={ticked} onClick={tick} onChange={() => undefined} />
      </div>
      {columns.map((c) => (
        <div key={c} role="gridcell" className={`col-${c}${c === 'number' ? ' code' : ''}`}>
          {COLUMNS[c].cell(t, names, terms)}
        </div>
      ))}
    </div>
  );
});

interface TicketGridProps {
  rows: readonly Ticket[];
  columns: readonly QueueColumn[];
  names: NameLookup;
  sort: QueueSort;
  onSort(column: SortColumn): void;
  /** The keyboard-selected row. */
  active: number;
  onActive(index: number): void;
  onOpen(ticket: Ticket): void;
  /** Matched words per ticket id while searching, for highlighting. */
  terms: ReadonlyMap<string, string[]> | null;
  /** Ticket ids ticked for a bulk action. */
  selected: ReadonlySet<string>;
  /** A tick on a row; `range` when shift was held (select from the last tick to here). */
  onToggle(ticket: Ticket, range: boolean): void;
  onToggleAll(): void;
}

/**
 * The queue as an ARIA grid that renders only the rows in view (TanStack Virtual), so 100,000
 * local tickets scroll as smoothly as 100. The active row follows j/k and is scrolled into view.
 * A checkbox column ticks rows for bulk actions (shift-click ticks a range).
 * Memoised: the page re-renders as the search index fills, and the grid need not follow.
 */
export const TicketGrid = memo(function TicketGrid(props: TicketGridProps) {
  const { rows, columns, names, sort, onSort, active, onActive, onOpen, terms, selected, onToggle, onToggleAll } = props;
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

  const template = useMemo(() => ({ gridTemplateColumns: `2.4rem ${columns.map((c) => COLUMNS[c].width).join(' ')}` }), [columns]);
  const activeTicket = rows[active];
  const allTicked = rows.length > 0 && selected.size >= rows.length && rows.every((t) => selected.has(t.id));
  const items = virtualizer.getVirtualItems();
  // Rows are keyed by their place among the rendered ones (the rendered indexes are consecutive,
  // so index modulo their count is unique), not by ticket: a row scrolled out is reused for the
  // one scrolled in, and React changes its text instead of building it anew; while scrolling
  // fast, every row on screen is a new ticket each frame.
  const pool = Math.max(items.length, 1);
  return (
    <div
      className="ticket-grid"
      role="grid"
      aria-label={strings.queue.gridLabel}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={activeTicket ? `row-${activeTicket.id}` : undefined}
      tabIndex={0}
    >
      <div role="rowgroup" className="ticket-grid-head">
        <div role="row" aria-rowindex={1} className="ticket-row head" style={template}>
          <div role="columnheader" className="col-select">
            <input type="checkbox" aria-label={strings.tools.bulk.selectAll} checked={allTicked} onChange={onToggleAll} />
          </div>
          {columns.map((c) => (
            <div key={c} role="columnheader" aria-sort={sort.column === c ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'} className={`col-${c}`}>
              <button type="button" className="sort-button" onClick={() => onSort(c)} title={strings.queue.sortBy(strings.tools.columns[c] ?? c)}>
                {strings.tools.columns[c]}
                <span aria-hidden="true">{sort.column === c ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </div>
          ))}
        </div>
      </div>
      {/* As tall as its rows up to the window's room for it (max-height in queue.css). */}
      <div ref={scrollRef} className="ticket-grid-body" role="rowgroup" style={{ height: rows.length * ROW_HEIGHT }}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const t = rows[item.index]!;
            return (
              <TicketRow
                key={item.index % pool}
                ticket={t}
                index={item.index}
                start={item.start}
                template={template}
                columns={columns}
                names={names}
                terms={terms?.get(t.id)}
                current={item.index === active}
                ticked={selected.has(t.id)}
                onActive={onActive}
                onOpen={onOpen}
                onToggle={onToggle}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});
