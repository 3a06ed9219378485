import type { TicketEvent } from '../../../shared/domain/ticket';

/** A ticket event id made on this device, so a reply written offline keeps its identity. */
export function newEventId(): string {
  // randomUUID exists only in secure contexts; a console served over plain http on a LAN name is not one.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The reply or note as the local database stores it until the server takes it. */
export function draftEvent(input: { ticketId: string; kind: 'reply' | 'note'; body: string; authorId: string; now: Date }): TicketEvent {
  return {
    id: newEventId(),
    ticketId: input.ticketId,
    kind: input.kind,
    public: input.kind === 'reply',
    authorId: input.authorId,
    body: input.body.trim(),
    changes: null,
    attachmentIds: [],
    createdAt: input.now.toISOString(),
  };
}

/** Tags typed as "vpn, urgent  laptop" → ["vpn", "urgent", "laptop"], without repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean))];
}
