import { useState } from 'react';
import { Tag } from '../../../shared/domain/common';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../../../shared/domain/ticket';
import type { DirectoryUser } from '../../../shared/sync/schemas';
import { strings } from '../../common/strings';
import type { BulkAction } from './bulkPlan';

interface BulkBarProps {
  count: number;
  meId: string;
  agents: readonly DirectoryUser[];
  onAction(action: BulkAction): void;
  onMerge(): void;
  onClear(): void;
  /** The outcome of the last action, read out to screen readers. */
  notice: string | null;
}

/**
 * The toolbar over the queue while tickets are ticked: assign, status, priority, tags, merge.
 * Each menu applies as soon as a value is chosen (one step, like the field editors of a ticket).
 */
export function BulkBar({ count, meId, agents, onAction, onMerge, onClear, notice }: BulkBarProps) {
  const b = strings.tools.bulk;
  const [tag, setTag] = useState('');
  const [tagError, setTagError] = useState<string | null>(null);
  const tagAction = (kind: 'addTag' | 'removeTag') => {
    const parsed = Tag.safeParse(tag);
    if (!parsed.success) return setTagError(b.badTag);
    setTagError(null);
    onAction({ kind, tag: parsed.data });
    setTag('');
  };
  return (
    <div className="bulk-bar" role="toolbar" aria-label={b.toolbar}>
      <strong className="bulk-count">{b.selected(count)}</strong>
      <select
        aria-label={b.assign}
        value=""
        onChange={(e) => {
          const v = e.target.value;
          if (v) onAction({ kind: 'assign', assigneeId: v === 'none' ? null : v === 'me' ? meId : v });
        }}
      >
        <option value="">{b.assignTo}</option>
        <option value="me">{b.me}</option>
        <option value="none">{b.nobody}</option>
        {agents.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
      <select aria-label={b.status} value="" onChange={(e) => e.target.value && onAction({ kind: 'status', status: e.target.value as TicketStatus })}>
        <option value="">{b.setStatus}</option>
        {TICKET_STATUSES.map((s) => (
          <option key={s} value={s}>
            {strings.status[s]}
          </option>
        ))}
      </select>
      <select aria-label={b.priority} value="" onChange={(e) => e.target.value && onAction({ kind: 'priority', priority: e.target.value as TicketPriority })}>
        <option value="">{b.setPriority}</option>
        {TICKET_PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <span className="bulk-tag">
        <input
          aria-label={b.tag}
          placeholder={b.tagPlaceholder}
          value={tag}
          aria-invalid={tagError ? true : undefined}
          aria-describedby={tagError ? 'bulk-tag-error' : undefined}
          onChange={(e) => setTag(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && tagAction('addTag')}
        />
        <button type="button" onClick={() => tagAction('addTag')}>
          {b.addTag}
        </button>
        <button type="button" onClick={() => tagAction('removeTag')}>
          {b.removeTag}
        </button>
      </span>
      <button type="button" onClick={onMerge} disabled={count < 2}>
        {b.merge}
      </button>
      <button type="button" className="link" onClick={onClear}>
        {b.clear}
      </button>
      {tagError ? (
        <span id="bulk-tag-error" className="field-error" role="alert">
          {tagError}
        </span>
      ) : null}
      <span className="hint bulk-notice" role="status">
        {notice ?? ''}
      </span>
    </div>
  );
}
