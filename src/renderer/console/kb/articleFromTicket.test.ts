import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../shared/domain/ticket';
import { articleDraftFromTicket } from './articleFromTicket';

const headings = { problem: 'Problem', resolution: 'Resolution', source: (n: string) => `From ${n}` };
const ticket = { number: 1042, subject: 'VPN token expired', description: 'The VPN says my token expired.', requesterId: 'req', category: 'Network', tags: ['vpn'] };
let n = 0;
const event = (kind: TicketEvent['kind'], authorId: string, body: string, isPublic = kind === 'reply'): TicketEvent => ({
  id: `e${++n}`, ticketId: 't', kind, public: isPublic, authorId, body, changes: null, attachmentIds: [], createdAt: `2026-01-01T00:00:0${n % 10}.000Z`,
});

describe('articleDraftFromTicket', () => {
  it('takes the last public reply of the help desk as the resolution, never a note or the requester', () => {
    const draft = articleDraftFromTicket(ticket, [
      event('reply', 'agent', 'Try restarting.'),
      event('reply', 'agent', 'Request a new token from the portal.'),
      event('note', 'agent', 'Internal: token server was down'),
      event('reply', 'req', 'That worked, thanks!'),
    ], headings);
    expect(draft).toEqual({
      title: 'VPN token expired',
      body: '## Problem\n\nThe VPN says my token expired.\n\n## Resolution\n\nRequest a new token from the portal.\n\n_From T-1042_',
      category: 'Network',
      tags: ['vpn'],
    });
  });
  it('leaves the resolution out when nobody answered, and uses the subject for an empty description', () => {
    const draft = articleDraftFromTicket({ ...ticket, description: '  ' }, [event('reply', 'req', 'Any news?')], headings);
    expect(draft.body).toBe('## Problem\n\nVPN token expired\n\n_From T-1042_');
  });
});
