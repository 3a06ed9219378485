/**
 * Placeholders in canned responses: `{{ticket.number}}`, `{{requester.name}}`, `{{agent.name}}`…
 * A pure function over plain values, so a macro reads the same in a test, a preview and a reply.
 */

export interface PlaceholderContext {
  ticket: { number: string; subject: string; status: string; priority: string };
  requester: { name: string; email: string };
  agent: { name: string; email: string };
  group: { name: string };
}

/** Every placeholder a macro may use, for the editor's help and the tests. */
export const PLACEHOLDERS = [
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'requester.name',
  'requester.first_name',
  'requester.email',
  'agent.name',
  'agent.first_name',
  'agent.email',
  'group.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';

function valueOf(name: Placeholder, c: PlaceholderContext): string {
  switch (name) {
    case 'ticket.number':
      return c.ticket.number;
    case 'ticket.subject':
      return c.ticket.subject;
    case 'ticket.status':
      return c.ticket.status;
    case 'ticket.priority':
      return c.ticket.priority;
    case 'requester.name':
      return c.requester.name;
    case 'requester.first_name':
      return firstName(c.requester.name);
    case 'requester.email':
      return c.requester.email;
    case 'agent.name':
      return c.agent.name;
    case 'agent.first_name':
      return firstName(c.agent.name);
    case 'agent.email':
      return c.agent.email;
    case 'group.name':
      return c.group.name;
  }
}

const PATTERN = /\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}/g;

/**
 * Fills in the placeholders of `template`. One it does not know is left as written (so the agent
 * sees it in the composer and can fix it) and listed in `unknown`. Values are inserted as they
 * are, once: a name that itself looks like `{{…}}` is not expanded again.
 */
export function renderPlaceholders(template: string, context: PlaceholderContext): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = template.replace(PATTERN, (whole, name: string) => {
    if ((PLACEHOLDERS as readonly string[]).includes(name)) return valueOf(name as Placeholder, context);
    if (!unknown.includes(name)) unknown.push(name);
    return whole;
  });
  return { text, unknown };
}
