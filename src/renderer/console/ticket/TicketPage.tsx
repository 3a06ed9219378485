import { useMemo, useRef, useState } from 'react';
import type { Macro } from '../../../shared/domain/presets';
import { formatTicketNumber, parseTicketNumber, TICKET_PRIORITIES, TICKET_STATUSES, type Ticket } from '../../../shared/domain/ticket';
import type { TandemClient } from '../../../shared/api/client';
import type { User } from '../../../shared/domain/user';
import { followLink, hrefOf, navigate } from '../../common/router';
import { strings } from '../../common/strings';
import { useCommands, type Command } from '../commands';
import { MacroPicker } from '../macros/MacroPicker';
import { renderPlaceholders } from '../macros/placeholders';
import { useMacros } from '../local/presets';
import { macroActions, patchFor } from '../queue/bulkPlan';
import { AttachmentList } from './attachments';
import { KbPicker } from './KbPicker';
import { useDirectory, useSyncStatus, useTicketByNumber, useTicketEvents, useUnsentEventIds } from '../local/hooks';
import { TicketRemoteSession } from '../remote/RemoteSessionButton';
import { useLocalData } from '../local/LocalDataContext';
import { useShortcuts } from '../useShortcuts';
import { Composer, type ComposerHandle, type ComposerKind } from './Composer';
import { draftEvent } from './ticketEdits';
import { TicketFields } from './TicketFields';
import { Timeline } from './Timeline';
import { PresenceBar } from './PresenceBar';
import { TicketSide } from './TicketSide';
import { TicketTools } from './TicketTools';
import './side.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * One ticket from the local database: editable header fields, the conversation, and the composer.
 * Every write goes to the local database first and syncs from there, so all of it works offline;
 * a change the server refuses appears in the frame's notices.
 */
export function TicketPage({ reference, user, client }: { reference: string; user: User; client: TandemClient }) {
  const number = parseTicketNumber(reference) ?? -1;
  const ticket = useTicketByNumber(number);
  if (ticket === undefined) return <p role="status">{strings.ticket.loading}</p>;
  if (ticket === null) {
    return (
      <section aria-labelledby="section-heading">
        <h1 id="section-heading">{reference}</h1>
        <div className="empty-state">{strings.ticket.notHere}</div>
        <BackLink />
      </section>
    );
  }
  return <TicketView ticket={ticket} user={user} client={client} />;
}

function BackLink() {
  return (
    <a href={hrefOf('/queue')} onClick={(e) => followLink(e, '/queue')} className="back-link">
      ← {strings.ticket.back}
    </a>
  );
}

function TicketView({ ticket, user, client }: { ticket: Ticket; user: User; client: TandemClient }) {
  const s = strings.ticket;
  const { data } = useLocalData();
  const directory = useDirectory();
  const events = useTicketEvents(ticket.id);
  const unsent = useUnsentEventIds();
  const status = useSyncStatus();
  const composer = useRef<ComposerHandle>(null);

  const macros = useMacros();
  const [picker, setPicker] = useState<'macro' | 'kb' | null>(null);
  const [macroNotice, setMacroNotice] = useState<string | null>(null);

  const change = async (patch: Partial<Ticket>) => {
    const doc = await data.db.tickets.findOne(ticket.id).exec();
    await doc?.incrementalPatch(patch);
  };
  const send = async (kind: ComposerKind, body: string, attachmentIds: string[]) => {
    const event = { ...draftEvent({ ticketId: ticket.id, kind, body, authorId: user.id, now: new Date() }), attachmentIds };
    data.noteUnsentEvent(event.id);
    await data.db.ticket_events.insert(event);
  };
  const requester = directory.users.get(ticket.requesterId);
  const assignToMe = () => {
    if (ticket.assigneeId !== user.id) void change({ assigneeId: user.id });
    else document.querySelector<HTMLSelectElement>('.ticket-fields select[data-field=assignee]')?.focus();
  };
  /** A macro's fields go straight to the ticket; its message waits in the composer to be read and sent. */
  const applyMacro = (m: Macro) => {
    setPicker(null);
    const patch = patchFor(ticket, macroActions(m.actions, user.id));
    if (Object.keys(patch).length) void change(patch);
    const group = ticket.groupId ? directory.groups.get(ticket.groupId) : undefined;
    const { text, unknown } = renderPlaceholders(m.body, {
      ticket: { number: formatTicketNumber(ticket.number), subject: ticket.subject, status: strings.status[patch.status ?? ticket.status] ?? ticket.status, priority: patch.priority ?? ticket.priority },
      requester: { name: requester?.name ?? '', email: requester?.email ?? '' },
      agent: { name: user.name, email: user.email },
      group: { name: group?.name ?? '' },
    });
    if (text.trim()) composer.current?.insert(text, m.messageKind);
    setMacroNotice([strings.tools.macros.applied(m.name), unknown.length ? strings.tools.macros.unknown(unknown.join(', ')) : ''].filter(Boolean).join(' '));
  };

  useShortcuts({
    'ticket.reply': () => composer.current?.start('reply'),
    'ticket.note': () => composer.current?.start('note'),
    'ticket.assign': assignToMe,
    'ticket.macro': () => setPicker('macro'),
    'ticket.back': () => navigate('/queue'),
  });
  const p = strings.tools.palette;
  const commands = useMemo<Command[]>(
    () => [
      { id: 'ticket.reply', group: 'ticket', label: p.reply, keys: ['r'], run: () => composer.current?.start('reply') },
      { id: 'ticket.note', group: 'ticket', label: p.note, keys: ['n'], run: () => composer.current?.start('note') },
      { id: 'ticket.assign', group: 'ticket', label: p.assignMe, keys: ['a'], run: assignToMe },
      { id: 'ticket.kb', group: 'ticket', label: strings.tools.composer.kb, run: () => setPicker('kb') },
      ...TICKET_STATUSES.map((st) => ({ id: `ticket.status.${st}`, group: 'ticket' as const, label: p.setStatus(strings.status[st] ?? st), run: () => void change({ status: st }) })),
      ...TICKET_PRIORITIES.map((pr) => ({ id: `ticket.priority.${pr}`, group: 'ticket' as const, label: p.setPriority(pr), run: () => void change({ priority: pr }) })),
      ...macros.map((m) => ({ id: `macro:${m.id}`, group: 'macro' as const, label: p.macro(m.name), keywords: m.body, run: () => applyMacro(m) })),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ticket, macros, directory],
  );
  useCommands(commands);

  return (
    <article aria-labelledby="section-heading" className="ticket-page with-side">
      <BackLink />
      <header className="ticket-head">
        <h1 id="section-heading">
          <span className="code ticket-number">{formatTicketNumber(ticket.number)}</span> {ticket.subject}
        </h1>
        <p className="hint">
          {s.requester}: {requester?.name ?? s.someone}
          {requester?.email ? ` <${requester.email}>` : ''} · {s.created} <time dateTime={ticket.createdAt}>{dateFormat.format(new Date(ticket.createdAt))}</time>
        </p>
        <TicketFields ticket={ticket} directory={directory} onChange={(patch) => void change(patch)} />
        <TicketRemoteSession client={client} requesterId={ticket.requesterId} ticketId={ticket.id} />
        <PresenceBar ticketId={ticket.id} userId={user.id} />
        <TicketTools ticket={ticket} events={events} client={client} offline={status.connection === 'offline'} />
      </header>
      <TicketSide ticket={ticket} directory={directory} onChange={(patch) => void change(patch)} />
      <h2 className="visually-hidden">{s.timeline}</h2>
      {events === null ? (
        <p role="status">{strings.loading}</p>
      ) : (
        <Timeline
          events={events}
          directory={directory}
          pendingIds={unsent}
          description={ticket.description}
          requester={requester?.name ?? s.someone}
          openedAt={ticket.createdAt}
          attachments={(ids) => <AttachmentList client={client} ids={ids} />}
        />
      )}
      {macroNotice ? (
        <p className="hint" role="status">
          {macroNotice}
        </p>
      ) : null}
      <Composer
        key={ticket.id}
        ref={composer}
        onSend={send}
        offline={status.connection === 'offline'}
        client={client}
        draft={{ userId: user.id, ticketId: ticket.id }}
        tools={
          <>
            <button type="button" className="link" onClick={() => setPicker('macro')} aria-keyshortcuts="m">
              {strings.tools.macros.pick}
            </button>
            <button type="button" className="link" onClick={() => setPicker('kb')}>
              {strings.tools.composer.kb}
            </button>
          </>
        }
      />
      {picker === 'macro' ? <MacroPicker macros={macros} onApply={applyMacro} onClose={() => setPicker(null)} /> : null}
      {picker === 'kb' ? (
        <KbPicker
          onClose={() => setPicker(null)}
          onInsert={(text) => {
            setPicker(null);
            composer.current?.insert(text);
          }}
        />
      ) : null}
    </article>
  );
}
