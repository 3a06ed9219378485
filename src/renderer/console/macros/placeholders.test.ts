import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS, renderPlaceholders, type PlaceholderContext } from './placeholders';

const CTX: PlaceholderContext = {
  ticket: { number: 'T-1042', subject: 'VPN drops every hour', status: 'Open', priority: 'P2' },
  requester: { name: 'Rita  Requester', email: 'rita@example.org' },
  agent: { name: 'Ada Lovelace', email: 'ada@example.org' },
  group: { name: 'Network' },
};

describe('renderPlaceholders', () => {
  it.each([
    ['Hi {{requester.first_name}},', 'Hi Rita,'],
    ['Re {{ticket.number}}: {{ticket.subject}}', 'Re T-1042: VPN drops every hour'],
    ['{{ agent.name }} ({{agent.email}})', 'Ada Lovelace (ada@example.org)'],
    ['{{agent.first_name}} from {{group.name}}', 'Ada from Network'],
    ['Status {{ticket.status}}, priority {{ticket.priority}}', 'Status Open, priority P2'],
    ['Mail {{requester.email}} or {{requester.name}}', 'Mail rita@example.org or Rita  Requester'],
    ['no placeholders', 'no placeholders'],
    ['{{ticket.number}}{{ticket.number}}', 'T-1042T-1042'],
  ])('%s → %s', (template, expected) => {
    expect(renderPlaceholders(template, CTX)).toEqual({ text: expected, unknown: [] });
  });

  it('leaves unknown placeholders as written and lists each once', () => {
    expect(renderPlaceholders('{{ticket.sla}} and {{ticket.sla}} and {{foo.bar}}', CTX)).toEqual({
      text: '{{ticket.sla}} and {{ticket.sla}} and {{foo.bar}}',
      unknown: ['ticket.sla', 'foo.bar'],
    });
  });

  it('does not expand a value that itself looks like a placeholder', () => {
    const sneaky = { ...CTX, requester: { name: '{{agent.email}}', email: '' } };
    expect(renderPlaceholders('Hi {{requester.name}}', sneaky).text).toBe('Hi {{agent.email}}');
  });

  it('ignores braces that are not a placeholder', () => {
    expect(renderPlaceholders('{{ticket}} {ticket.number} {{Ticket.Number}}', CTX)).toEqual({ text: '{{ticket}} {ticket.number} {{Ticket.Number}}', unknown: [] });
  });

  it('knows every listed placeholder', () => {
    for (const p of PLACEHOLDERS) expect(renderPlaceholders(`{{${p}}}`, CTX).unknown).toEqual([]);
  });
});
