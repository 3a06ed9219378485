import { formatTicketNumber, type TicketEvent } from '../../../shared/domain/ticket';
import { followLink, hrefOf } from '../../common/router';
import { strings } from '../../common/strings';
import { useTicketsById } from '../local/deskHooks';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const POINTERS = ['merged_into', 'merged_from', 'split_into', 'split_from'] as const;
type Pointer = (typeof POINTERS)[number];

/**
 * A system event. Merge and split events point to the other ticket (its id is in `changes`), shown
 * as a link by its number when that ticket is on this device; anything else shows its text.
 */
export function SystemLine({ event }: { event: TicketEvent }) {
  const s = strings.ticketTools;
  const pointer = event.changes?.find((c): c is { field: Pointer; from: unknown; to: unknown } => (POINTERS as readonly string[]).includes(c.field));
  const otherId = pointer ? String(pointer.to) : null;
  const others = useTicketsById(otherId ? [otherId] : []);
  const other = others?.[0];
  let content: React.ReactNode = event.body ?? event.kind;
  if (pointer) {
    const ref = other ? formatTicketNumber(other.number) : s.anotherTicket;
    const text = { merged_into: s.mergedInto, merged_from: s.mergedFrom, split_into: s.splitInto, split_from: s.splitFrom }[pointer.field](ref);
    const to = other ? `/queue/${formatTicketNumber(other.number)}` : null;
    const at = text.indexOf(ref);
    content = to ? (
      <>
        {text.slice(0, at)}
        <a href={hrefOf(to)} onClick={(e) => followLink(e, to)}>
          {ref}
        </a>
        {text.slice(at + ref.length)}
      </>
    ) : (
      text
    );
  }
  return (
    <li className={`event system-line${pointer ? ' pointer-line' : ''}`}>
      <span>{content}</span>
      <time dateTime={event.createdAt}>{timeFormat.format(new Date(event.createdAt))}</time>
    </li>
  );
}
