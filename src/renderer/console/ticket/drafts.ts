/**
 * Unsent composer text per ticket, kept on this device (localStorage) so a reload, a crash or a
 * trip to another ticket loses nothing. Keyed by user and ticket: two agents on one machine keep
 * their own drafts. A sent message clears its draft.
 */

export interface Draft {
  kind: 'reply' | 'note';
  body: string;
  /** Files already uploaded for this message. */
  attachments: Array<{ id: string; filename: string }>;
}

const key = (userId: string, ticketId: string) => `tandem.draft.${userId}.${ticketId}`;

/** The kept draft, or null when there is none (or it cannot be read). */
export function readDraft(userId: string, ticketId: string): Draft | null {
  try {
    const raw = localStorage.getItem(key(userId, ticketId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (typeof d.body !== 'string') return null;
    return { kind: d.kind === 'note' ? 'note' : 'reply', body: d.body, attachments: Array.isArray(d.attachments) ? d.attachments : [] };
  } catch {
    return null;
  }
}

/** Keeps the draft; an empty one is removed rather than stored. */
export function writeDraft(userId: string, ticketId: string, draft: Draft): void {
  try {
    if (!draft.body.trim() && draft.attachments.length === 0) localStorage.removeItem(key(userId, ticketId));
    else localStorage.setItem(key(userId, ticketId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the draft lives only in the page, as before drafts existed.
  }
}
