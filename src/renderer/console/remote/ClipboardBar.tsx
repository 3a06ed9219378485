import { useEffect, useRef, useState } from 'react';
import type { ControlMessage } from '../../../shared/remote/channels';
import type { RemotePeer } from '../../../shared/remote/peer';
import { remoteStrings } from '../../common/remoteStrings';

const s = remoteStrings.clipboard;
/** The control schema's limit on clipboard text. */
const MAX_CHARS = 1024 * 1024;
/** How long the device has to answer a clipboard request. */
const ANSWER_MS = 8000;

type Answer = { ok: true; text?: string } | { ok: false; message: string };
type Note = { kind: 'ok' | 'info' | 'error'; text: string };
type Fallback = { mode: 'paste' } | { mode: 'copy'; text: string };

/**
 * The clipboard both ways over the control channel (shown only with the control right): the
 * agent's clipboard to the device, and the device's to the agent, through `navigator.clipboard`.
 * When the browser refuses clipboard access, a text box takes its place: paste into it to send,
 * or copy the device's text from it.
 */
export function ClipboardBar({ peer }: { peer: RemotePeer | null }) {
  const [busy, setBusy] = useState<'set' | 'get' | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [fallback, setFallback] = useState<Fallback | null>(null);
  const [pasted, setPasted] = useState('');
  const waiting = useRef<{ op: 'set' | 'get'; done(answer: Answer): void } | null>(null);
  const copyBox = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!peer) return;
    return peer.on('control', (m) => {
      const w = waiting.current;
      if (m.t === 'clipboard') {
        if (w?.op === 'get') w.done({ ok: true, text: m.text });
        // Copied on the device meanwhile: say so; the agent brings it over when wanted.
        else setNote({ kind: 'info', text: s.changed(m.text.length) });
      } else if (m.t === 'clipboard_status' && w?.op === m.op) {
        w.done(m.ok ? { ok: true } : { ok: false, message: m.message ?? s.noAnswer });
      }
    });
  }, [peer]);

  useEffect(() => () => waiting.current?.done({ ok: false, message: s.noAnswer }), []);

  useEffect(() => {
    if (fallback?.mode === 'copy') copyBox.current?.select();
  }, [fallback]);

  const ask = (op: 'set' | 'get', message: ControlMessage) =>
    new Promise<Answer>((resolve) => {
      waiting.current?.done({ ok: false, message: s.noAnswer });
      const timer = setTimeout(() => entry.done({ ok: false, message: s.noAnswer }), ANSWER_MS);
      const entry = {
        op,
        done(answer: Answer) {
          clearTimeout(timer);
          if (waiting.current === entry) waiting.current = null;
          resolve(answer);
        },
      };
      waiting.current = entry;
      if (!peer?.send('control', message)) entry.done({ ok: false, message: s.noAnswer });
    });

  const sendText = async (text: string) => {
    if (!text) return setNote({ kind: 'error', text: s.emptyHere });
    if (text.length > MAX_CHARS) return setNote({ kind: 'error', text: s.tooLong });
    setBusy('set');
    setNote(null);
    const answer = await ask('set', { t: 'clipboard', text });
    setBusy(null);
    if (!answer.ok) return setNote({ kind: 'error', text: answer.message });
    setNote({ kind: 'ok', text: s.sent(text.length) });
    setFallback(null);
    setPasted('');
  };

  const onSend = async () => {
    let text: string;
    try {
      // Throws when the browser refuses (permission, no focus) or has no clipboard API (insecure page).
      text = await navigator.clipboard.readText();
    } catch {
      setFallback({ mode: 'paste' });
      setNote({ kind: 'info', text: s.readRefused });
      return;
    }
    await sendText(text);
  };

  const onGet = async () => {
    setBusy('get');
    setNote(null);
    const answer = await ask('get', { t: 'clipboard_get' });
    setBusy(null);
    if (!answer.ok) return setNote({ kind: 'error', text: answer.message });
    const text = answer.text ?? '';
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      setFallback({ mode: 'copy', text });
      setNote({ kind: 'info', text: s.writeRefused });
      return;
    }
    setFallback(null);
    setNote({ kind: 'ok', text: s.got(text.length) });
  };

  return (
    <div className="remote-clipboard" role="group" aria-label={s.label}>
      <span className="remote-clipboard-label" aria-hidden="true">
        {s.label}
      </span>
      <button type="button" disabled={busy !== null || !peer} onClick={() => void onSend()}>
        {s.send}
      </button>
      <button type="button" disabled={busy !== null || !peer} onClick={() => void onGet()}>
        {s.get}
      </button>
      {busy ? (
        <span className="hint" role="status">
          {s.working}
        </span>
      ) : note ? (
        <span className={note.kind === 'error' ? 'error-text' : 'hint'} role={note.kind === 'error' ? 'alert' : 'status'}>
          {note.text}
        </span>
      ) : null}
      {fallback?.mode === 'paste' ? (
        <form
          className="remote-clipboard-box"
          onSubmit={(e) => {
            e.preventDefault();
            void sendText(pasted);
          }}
        >
          <label>
            {s.pasteLabel}
            <textarea value={pasted} rows={3} onChange={(e) => setPasted(e.target.value)} autoFocus />
          </label>
          <div className="remote-clipboard-actions">
            <button type="submit" className="primary" disabled={busy !== null}>
              {s.sendText}
            </button>
            <button type="button" onClick={() => setFallback(null)}>
              {s.close}
            </button>
          </div>
        </form>
      ) : fallback?.mode === 'copy' ? (
        <div className="remote-clipboard-box">
          <label>
            {s.gotLabel}
            <textarea ref={copyBox} value={fallback.text} rows={3} readOnly />
          </label>
          <div className="remote-clipboard-actions">
            <button type="button" onClick={() => setFallback(null)}>
              {s.close}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
