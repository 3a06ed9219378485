import { useState } from 'react';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, type Ticket } from '../../../shared/domain/ticket';
import { strings } from '../../common/strings';
import { choicesByName, choicesOf, Labelled, LabelledSelect } from '../Labelled';
import type { Directory } from '../local/hooks';
import { parseTags } from './ticketEdits';

type Patch = Partial<Pick<Ticket, 'status' | 'priority' | 'type' | 'groupId' | 'assigneeId' | 'tags'>>;

/** The editable header fields; each change is handed to `onChange` as a patch of one field. */
export function TicketFields({
  ticket,
  directory,
  onChange,
}: {
  ticket: Ticket;
  directory: Directory;
  onChange(patch: Patch): void;
}) {
  const s = strings.ticket;
  const agents = [...directory.users.values()]
    .filter((u) => u.role !== 'end_user' && (u.active || u.id === ticket.assigneeId))
    .sort((a, b) => a.name.localeCompare(b.name));
  const groups = [...directory.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="ticket-fields" role="group" aria-label={s.fields}>
      <LabelledSelect label={s.status} value={ticket.status} onChange={(v) => onChange({ status: v as Ticket['status'] })} choices={choicesOf(TICKET_STATUSES, (v) => strings.status[v])} />
      <LabelledSelect label={s.priority} value={ticket.priority} onChange={(v) => onChange({ priority: v as Ticket['priority'] })} choices={choicesOf(TICKET_PRIORITIES)} />
      <LabelledSelect label={s.type} value={ticket.type} onChange={(v) => onChange({ type: v as Ticket['type'] })} choices={choicesOf(TICKET_TYPES, (v) => strings.types[v])} />
      <LabelledSelect
        label={s.group}
        value={ticket.groupId ?? ''}
        onChange={(v) => onChange({ groupId: v || null })}
        choices={[{ value: '', label: s.noGroup }, ...choicesByName(groups)]}
      />
      <LabelledSelect
        label={s.assignee}
        field="assignee"
        value={ticket.assigneeId ?? ''}
        onChange={(v) => onChange({ assigneeId: v || null })}
        choices={[{ value: '', label: s.unassigned }, ...choicesByName(agents)]}
      />
      {/* Keyed by the stored tags, so a change from elsewhere resets the box. */}
      <TagsField key={ticket.tags.join(' ')} tags={ticket.tags} onSave={(tags) => onChange({ tags })} />
    </div>
  );
}

function TagsField({ tags, onSave }: { tags: string[]; onSave(tags: string[]): void }) {
  const s = strings.ticket;
  const [text, setText] = useState(tags.join(', '));
  const save = () => {
    const next = parseTags(text);
    if (next.join(' ') !== tags.join(' ')) onSave(next);
  };
  return (
    <div className="tags-field">
      <Labelled label={s.tags}>
        {(id) => (
          <input
            id={id}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={save}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                save();
              }
            }}
            title={s.tagsHint}
            spellCheck={false}
          />
        )}
      </Labelled>
    </div>
  );
}
