import { forwardRef, useImperativeHandle, useMemo, useRef, useState, type FormEvent } from 'react';
import { renderMarkdown } from '../../common/markdown';
import { strings } from '../../common/strings';

export type ComposerKind = 'reply' | 'note';

/** What the ticket page can do with the composer (the r and n shortcuts). */
export interface ComposerHandle {
  start(kind: ComposerKind): void;
}

interface ComposerProps {
  /** Saves the message locally; resolves once it is in the local database. */
  onSend(kind: ComposerKind, body: string): Promise<void>;
  offline: boolean;
}

/** Writes a public reply or an internal note in Markdown, with a sanitised preview. */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer({ onSend, offline }, ref) {
  const s = strings.ticket;
  const [kind, setKind] = useState<ComposerKind>('reply');
  const [body, setBody] = useState('');
  const [preview, setPreview] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const previewHtml = useMemo(() => (preview ? renderMarkdown(body) : ''), [preview, body]);

  useImperativeHandle(ref, () => ({
    start(next) {
      setKind(next);
      setPreview(false);
      // Focus at once, so the next keys land in the text; after a preview the textarea comes
      // back on the next render, so focus it then too.
      textRef.current?.focus();
      requestAnimationFrame(() => textRef.current?.focus());
    },
  }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return setError(s.empty);
    setBusy(true);
    setError(null);
    try {
      await onSend(kind, body);
      setBody('');
      setPreview(false);
      setNotice(offline ? s.sentOffline : null);
    } catch (err) {
      setError(err instanceof Error ? err.message : strings.genericError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={`composer ${kind}`} onSubmit={(e) => void submit(e)} aria-label={kind === 'reply' ? s.reply : s.note}>
      <div className="composer-kinds" role="radiogroup" aria-label={s.compose}>
        {(['reply', 'note'] as const).map((k) => (
          <label key={k} className={kind === k ? 'kind current' : 'kind'}>
            <input type="radio" name="composer-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {k === 'reply' ? s.reply : s.note}
          </label>
        ))}
        <span className="hint">{kind === 'reply' ? s.replyHint : s.noteHint}</span>
        <button type="button" className="link" onClick={() => setPreview((p) => !p)} aria-pressed={preview}>
          {preview ? s.write : s.preview}
        </button>
      </div>
      {preview ? (
        // Sanitised by renderMarkdown (DOMPurify).
        <div className="markdown composer-preview" dangerouslySetInnerHTML={{ __html: previewHtml }} />
      ) : (
        <>
          <label htmlFor="composer-body" className="visually-hidden">
            {s.compose}
          </label>
          <textarea
            id="composer-body"
            ref={textRef}
            value={body}
            rows={5}
            onChange={(e) => setBody(e.target.value)}
            aria-describedby="composer-hint"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
              if (e.key === 'Escape') textRef.current?.blur();
            }}
          />
        </>
      )}
      <p id="composer-hint" className="hint">
        {s.composeHint}
      </p>
      {error ? (
        <div className="error-note" role="alert">
          {error}
        </div>
      ) : null}
      {notice ? (
        <p className="hint" role="status">
          {notice}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {s.send(kind)}
      </button>
    </form>
  );
});
