import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import { renderMarkdown } from '../../common/markdown';
import { strings } from '../../common/strings';
import { uploadAttachment } from './attachments';
import { readDraft, writeDraft, type Draft } from './drafts';

export type ComposerKind = 'reply' | 'note';

/** What the ticket page can do with the composer (the r and n shortcuts, macros, articles). */
export interface ComposerHandle {
  start(kind: ComposerKind): void;
  /** Puts text in at the cursor (or at the end), optionally switching reply/note, and focuses. */
  insert(text: string, kind?: ComposerKind): void;
}

interface ComposerProps {
  /** Saves the message locally; resolves once it is in the local database. */
  onSend(kind: ComposerKind, body: string, attachmentIds: string[]): Promise<void>;
  offline: boolean;
  client: TandemClient;
  /** Whose draft of which ticket this is: drafts are kept per user and ticket. */
  draft: { userId: string; ticketId: string };
  /** Buttons beside reply/note (macros, articles). */
  tools?: ReactNode;
}

/**
 * Writes a public reply or an internal note in Markdown, with a sanitised preview and attached
 * files. What is typed is kept on this device as a draft per ticket until it is sent.
 */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer({ onSend, offline, client, draft, tools }, ref) {
  const s = strings.ticket;
  const c = strings.tools.composer;
  const [initial] = useState<Draft | null>(() => readDraft(draft.userId, draft.ticketId));
  const [kind, setKind] = useState<ComposerKind>(initial?.kind ?? 'reply');
  const [body, setBody] = useState(initial?.body ?? '');
  const [files, setFiles] = useState<Draft['attachments']>(initial?.attachments ?? []);
  const [uploading, setUploading] = useState<string | null>(null);
  const [preview, setPreview] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const previewHtml = useMemo(() => (preview ? renderMarkdown(body) : ''), [preview, body]);

  useEffect(() => {
    writeDraft(draft.userId, draft.ticketId, { kind, body, attachments: files });
  }, [draft.userId, draft.ticketId, kind, body, files]);

  const focusText = () => {
    // Focus at once, so the next keys land in the text; after a preview the textarea comes
    // back on the next render, so focus it then too.
    textRef.current?.focus();
    requestAnimationFrame(() => textRef.current?.focus());
  };

  useImperativeHandle(ref, () => ({
    start(next) {
      setKind(next);
      setPreview(false);
      focusText();
    },
    insert(text, next) {
      if (next) setKind(next);
      setPreview(false);
      const el = textRef.current;
      setBody((current) => {
        const at = el && document.activeElement === el ? el.selectionStart : current.length;
        const before = current.slice(0, at);
        const gap = before && !before.endsWith('\n') ? '\n\n' : '';
        return `${before}${gap}${text}${current.slice(at)}`;
      });
      focusText();
    },
  }));

  const attach = async (list: FileList | null) => {
    if (!list?.length) return;
    if (offline) return setError(c.uploadOffline);
    setError(null);
    for (const file of [...list]) {
      setUploading(file.name);
      try {
        const a = await uploadAttachment(client, file);
        setFiles((fs) => [...fs, { id: a.id, filename: a.filename }]);
      } catch (err) {
        setError(err instanceof Error ? err.message : strings.genericError);
      }
    }
    setUploading(null);
    if (fileRef.current) fileRef.current.value = '';
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return setError(s.empty);
    setBusy(true);
    setError(null);
    try {
      await onSend(kind, body, files.map((f) => f.id));
      setBody('');
      setFiles([]);
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
        <span className="composer-tools">
          {tools}
          <button type="button" className="link" onClick={() => setPreview((p) => !p)} aria-pressed={preview}>
            {preview ? s.write : s.preview}
          </button>
        </span>
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
        {body.trim() ? ` · ${c.draftSaved}` : ''}
      </p>
      <div className="composer-files">
        <label className="file-button">
          <input ref={fileRef} type="file" multiple className="visually-hidden" onChange={(e) => void attach(e.target.files)} aria-describedby="attach-hint" />
          {c.attach}
        </label>
        <span id="attach-hint" className="hint">
          {uploading ? c.uploading(uploading) : c.attachHint}
        </span>
        {files.length ? (
          <ul className="composer-attachments" aria-label={c.attachments}>
            {files.map((f) => (
              <li key={f.id}>
                {f.filename}{' '}
                <button type="button" className="link" aria-label={c.removeAttachment(f.filename)} onClick={() => setFiles((fs) => fs.filter((x) => x.id !== f.id))}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
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
      <button type="submit" className="primary" disabled={busy || uploading !== null}>
        {s.send(kind)}
      </button>
    </form>
  );
});
