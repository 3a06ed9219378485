import { useState } from 'react';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, type Ticket } from '../../../shared/domain/ticket';
import { strings } from '../../common/strings';
import { Labelled } from '../Labelled';
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
      <Labelled label={s.status}>
        {(id) => (
          <select
            id={id}
            value={ticket.status}
            onChange={(e) => onChange({ status: e.target.value as Ticket['status'] })}
          >
            {TICKET_STATUSES.map((v) => (
              <option key={v} value={v}>
                {strings.status[v]}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={s.priority}>
        {(id) => (
          <select
            id={id}
            value={ticket.priority}
            onChange={(e) => onChange({ priority: e.target.value as Ticket['priority'] })}
          >
            {TICKET_PRIORITIES.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={s.type}>
        {(id) => (
          <select
            id={id}
            value={ticket.type}
            onChange={(e) => onChange({ type: e.target.value as Ticket['type'] })}
          >
            {TICKET_TYPES.map((v) => (
              <option key={v} value={v}>
                {strings.types[v]}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={s.group}>
        {(id) => (
          <select
            id={id}
            value={ticket.groupId ?? ''}
            onChange={(e) => onChange({ groupId: e.target.value || null })}
          >
            <option value="">{s.noGroup}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={s.assignee}>
        {(id) => (
          <select
            id={id}
            data-field="assignee"
            value={ticket.assigneeId ?? ''}
            onChange={(e) => onChange({ assigneeId: e.target.value || null })}
          >
            <option value="">{s.unassigned}</option>
            {agents.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Labelled>
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
