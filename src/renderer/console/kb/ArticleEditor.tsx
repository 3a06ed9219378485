import { useId, useMemo, useState, type FormEvent } from 'react';
import type { KbVisibility } from '../../../shared/domain/kb';
import { ErrorNote } from '../../common/Field';
import { renderMarkdown } from '../../common/markdown';
import { strings } from '../../common/strings';

export interface ArticleDraft {
  title: string;
  body: string;
  visibility: KbVisibility;
  category: string | null;
  tags: string[];
}

const parseTags = (text: string) => [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))].slice(0, 30);

/**
 * The article form: title, category, visibility, tags, and the Markdown text beside a live preview
 * rendered exactly as readers get it (marked, then DOMPurify).
 */
export function ArticleEditor({ initial, categories, onSave, onCancel }: {
  initial: ArticleDraft;
  /** Categories already in use, offered as suggestions. */
  categories: readonly string[];
  onSave(draft: ArticleDraft): Promise<void>;
  onCancel(): void;
}) {
  const s = strings.kb;
  const [title, setTitle] = useState(initial.title);
  const [category, setCategory] = useState(initial.category ?? '');
  const [visibility, setVisibility] = useState<KbVisibility>(initial.visibility);
  const [tags, setTags] = useState(initial.tags.join(', '));
  const [body, setBody] = useState(initial.body);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Rendered on every keystroke, not deferred: a deferred value waits for an idle moment, which a
  // busy page (a first sync) may not give for a long time, and articles render in well under a frame.
  const html = useMemo(() => renderMarkdown(body), [body]);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setError(s.titleNeeded);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSave({ title: title.trim().slice(0, 200), body, visibility, category: category.trim() || null, tags: parseTags(tags) });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };

  return (
    <form className="kb-editor" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <div className="field">
        <label htmlFor={`${id}-title`}>{s.title}</label>
        <input id={`${id}-title`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} required />
      </div>
      <div className="kb-editor-meta">
        <div className="field">
          <label htmlFor={`${id}-category`}>{s.category}</label>
          <input id={`${id}-category`} value={category} maxLength={80} list={`${id}-categories`} onChange={(e) => setCategory(e.target.value)} />
          <datalist id={`${id}-categories`}>
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${id}-visibility`}>{s.visibility}</label>
          <select id={`${id}-visibility`} value={visibility} onChange={(e) => setVisibility(e.target.value as KbVisibility)} aria-describedby={`${id}-visibility-hint`}>
            <option value="internal">{s.internal}</option>
            <option value="public">{s.public}</option>
          </select>
          <p className="hint" id={`${id}-visibility-hint`}>
            {visibility === 'public' ? s.publicHint : s.internalHint}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>{s.tags}</label>
          <input id={`${id}-tags`} value={tags} onChange={(e) => setTags(e.target.value)} aria-describedby={`${id}-tags-hint`} />
          <p className="hint" id={`${id}-tags-hint`}>
            {s.tagsHint}
          </p>
        </div>
      </div>
      <div className="kb-editor-panes">
        <div className="field">
          <label htmlFor={`${id}-body`}>{s.body}</label>
          <textarea id={`${id}-body`} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby={`${id}-body-hint`} />
          <p className="hint" id={`${id}-body-hint`}>
            {s.bodyHint}
          </p>
        </div>
        <section aria-labelledby={`${id}-preview`}>
          <h2 className="kb-preview-label" id={`${id}-preview`}>
            {s.preview}
          </h2>
          {/* Sanitised by renderMarkdown (DOMPurify). */}
          <div className="kb-preview markdown" data-testid="kb-preview" aria-live="off" dangerouslySetInnerHTML={{ __html: body.trim() ? html : `<p class="hint">${s.previewEmpty}</p>` }} />
        </section>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? s.saving : s.save}
        </button>
        <button type="button" onClick={onCancel}>
          {s.cancel}
        </button>
      </div>
    </form>
  );
}
