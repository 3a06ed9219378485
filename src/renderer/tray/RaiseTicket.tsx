import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TandemClient } from '../../shared/api/client';
import type { DiagnosticsSnapshot } from '../../shared/domain/diagnostics';
import type { Ticket } from '../../shared/domain/ticket';
import type { User } from '../../shared/domain/user';
import type { Screenshot, TandemBridge } from '../../shared/ipc';
import { ErrorNote, Field, messageOf } from '../common/Field';
import { strings } from '../common/strings';
import type { AttachmentOutbox } from './local/outbox';
import type { TrayData } from './local/trayData';
import { DeviceAttachments, type Collected } from './DeviceAttachments';
import { KbSuggestions } from './KbSuggestions';

interface Props {
  client: TandemClient;
  tandem: TandemBridge | null;
  user: User;
  data: TrayData;
  outbox: AttachmentOutbox;
  onRaised(ticketId: string): void;
}

const CATEGORIES = Object.keys(strings.tray.categories);

/** Longest a device reading may take; a snapshot's probes have their own, shorter limits. */
const COLLECT_LIMIT_MS = 60_000;
/** Longest Send waits for readings still being collected; the request goes without them after. */
const SEND_WAIT_MS = 10_000;

/** `promise`, or null once `ms` have passed. */
function within<T>(promise: Promise<T | null>, ms: number): Promise<T | null> {
  return Promise.race([promise, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}

/**
 * Collects one device reading through main; failures become a reason instead of an error, and so
 * does no answer at all (main busy, or the connection to it lost), so Send never waits for ever.
 */
function collect<T>(read: () => Promise<T>, set: (c: Collected<T>) => void): Promise<T | null> {
  set({ state: 'collecting' });
  const limit = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(strings.tray.collectTooSlow)), COLLECT_LIMIT_MS));
  return Promise.race([read(), limit]).then(
    (value) => (set({ state: 'ready', value }), value),
    (err: unknown) => (set({ state: 'failed', reason: messageOf(err, strings.genericError) }), null),
  );
}

/**
 * Raising a ticket: subject, category, details; help articles while typing; the device's
 * diagnostics and a screenshot, shown before sending. The ticket is written to the local database
 * (so it is raised offline too) and synced; its files follow through the outbox once the server has
 * the ticket.
 */
export function RaiseTicket({ client, tandem, user, data, outbox, onRaised }: Props) {
  const s = strings.tray;
  const [subject, setSubject] = useState('');
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [diagnostics, setDiagnostics] = useState<Collected<DiagnosticsSnapshot> | null>(null);
  const [screenshot, setScreenshot] = useState<Collected<Screenshot> | null>(null);
  const [includeScreenshot, setIncludeScreenshot] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [solved, setSolved] = useState(false);
  const pending = useRef<{ diagnostics: Promise<DiagnosticsSnapshot | null>; screenshot: Promise<Screenshot | null> } | null>(null);
  const categoryId = useId();
  const descriptionId = useId();

  useEffect(() => {
    if (!tandem) return;
    pending.current = {
      diagnostics: collect(() => tandem.device.diagnostics(), setDiagnostics),
      screenshot: collect(() => tandem.device.screenshot(), setScreenshot),
    };
  }, [tandem]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!subject.trim()) return setError(s.subjectMissing);
    setBusy(true);
    setError(null);
    try {
      const [snapshot, shot] = await Promise.all([
        within(pending.current?.diagnostics ?? Promise.resolve(null), SEND_WAIT_MS),
        within(pending.current?.screenshot ?? Promise.resolve(null), SEND_WAIT_MS),
      ]);
      const id = crypto.randomUUID();
      const png = includeScreenshot && shot && 'dataUrl' in shot ? shot.dataUrl : null;
      if (snapshot || png) {
        await outbox.put({ ticketId: id, eventId: crypto.randomUUID(), diagnostics: snapshot ? JSON.stringify(snapshot) : null, screenshot: png, diagnosticsId: null, screenshotId: null });
      }
      const now = new Date().toISOString();
      // Number 0 until the server assigns one; routing fields keep their defaults (the server's to set).
      const ticket: Ticket = {
        id,
        number: 0,
        subject: subject.trim(),
        description,
        requesterId: user.id,
        cc: [],
        assigneeId: null,
        groupId: null,
        status: 'new',
        priority: 'P3',
        type: 'incident',
        category: category || null,
        tags: [],
        customFields: {},
        channel: 'tray',
        deviceId: null,
        parentId: null,
        linkedIds: [],
        createdAt: now,
        updatedAt: now,
        resolvedAt: null,
        closedAt: null,
      };
      await data.db.tickets.insert(ticket);
      onRaised(id);
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    } finally {
      setBusy(false);
    }
  };

  if (solved) {
    return (
      <section className="tray-solved" aria-live="polite">
        <p className="success-note">{s.solvedThanks}</p>
        <button type="button" onClick={() => (setSolved(false), setSubject(''), setDescription(''))}>
          {s.askTab}
        </button>
      </section>
    );
  }

  return (
    <form className="tray-raise" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy} aria-labelledby="raise-heading">
      <h1 id="raise-heading">{s.raiseHeading}</h1>
      <Field label={s.subject} hint={s.subjectHint} value={subject} onChange={setSubject} maxLength={250} required autoFocus />
      <KbSuggestions client={client} db={data.db} subject={`${subject} ${description}`} onSolved={() => setSolved(true)} />
      <div className="field">
        <label htmlFor={categoryId}>{s.category}</label>
        <select id={categoryId} value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">—</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {s.categories[c]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={descriptionId}>{s.description}</label>
        <textarea id={descriptionId} rows={4} value={description} maxLength={20_000} onChange={(e) => setDescription(e.target.value)} aria-describedby={`${descriptionId}-hint`} />
        <p className="hint" id={`${descriptionId}-hint`}>
          {s.descriptionHint}
        </p>
      </div>
      <DeviceAttachments diagnostics={diagnostics} screenshot={screenshot} includeScreenshot={includeScreenshot} onIncludeScreenshot={setIncludeScreenshot} />
      <ErrorNote message={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? s.sending : s.send}
        </button>
      </div>
    </form>
  );
}
