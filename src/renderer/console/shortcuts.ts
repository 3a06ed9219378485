import { strings } from '../common/strings';

/**
 * Every keyboard shortcut of the console, in one table: pages bind handlers to these ids (never to
 * keys of their own, see useShortcuts.ts), and the help sheet (`?`) lists this table, so the two
 * cannot drift. No DOM here, so tests in Node read it too.
 */
export const SHORTCUTS = [
  { id: 'palette', scope: 'global', keys: ['Mod', 'k'], label: strings.tools.keys.palette },
  { id: 'help', scope: 'global', keys: ['?'], label: strings.tools.keys.help },
  { id: 'queue.down', scope: 'queue', keys: ['j'], label: strings.tools.keys.down },
  { id: 'queue.up', scope: 'queue', keys: ['k'], label: strings.tools.keys.up },
  { id: 'queue.open', scope: 'queue', keys: ['Enter'], label: strings.tools.keys.open },
  { id: 'queue.search', scope: 'queue', keys: ['/'], label: strings.tools.keys.search },
  { id: 'queue.select', scope: 'queue', keys: ['x'], label: strings.tools.keys.select },
  { id: 'queue.selectAll', scope: 'queue', keys: ['Shift', 'X'], label: strings.tools.keys.selectAll },
  { id: 'queue.assignMe', scope: 'queue', keys: ['a'], label: strings.tools.keys.assignQueue },
  { id: 'queue.clear', scope: 'queue', keys: ['Escape'], label: strings.tools.keys.clearSelection },
  { id: 'ticket.reply', scope: 'ticket', keys: ['r'], label: strings.tools.keys.reply },
  { id: 'ticket.note', scope: 'ticket', keys: ['n'], label: strings.tools.keys.note },
  { id: 'ticket.assign', scope: 'ticket', keys: ['a'], label: strings.tools.keys.assignTicket },
  { id: 'ticket.macro', scope: 'ticket', keys: ['m'], label: strings.tools.keys.macro },
  { id: 'ticket.back', scope: 'ticket', keys: ['u'], label: strings.tools.keys.back },
] as const satisfies ReadonlyArray<{ id: string; scope: ShortcutScope; keys: readonly string[]; label: string }>;

export type ShortcutScope = 'global' | 'queue' | 'ticket';
export type ShortcutId = (typeof SHORTCUTS)[number]['id'];
export type Shortcut = (typeof SHORTCUTS)[number];

/** The parts of a key press a shortcut is matched on (a KeyboardEvent has them). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The shortcut a key press means, if any: `Mod` is Ctrl, or ⌘ on a Mac. */
export function shortcutFor(event: KeyPress, ids: ReadonlySet<string>): Shortcut | null {
  if (event.altKey) return null;
  const mod = event.ctrlKey || event.metaKey;
  for (const s of SHORTCUTS) {
    if (!ids.has(s.id)) continue;
    const keys = s.keys as readonly string[];
    const wantsMod = keys.includes('Mod');
    const key = keys[keys.length - 1]!;
    if (wantsMod !== mod) continue;
    // Shift is part of the character for keys like ? and X; it is compared through `key`.
    if (event.key === key || (wantsMod && event.key.toLowerCase() === key)) return s;
  }
  return null;
}

/** How a shortcut's keys read on this platform (⌘ on a Mac, Ctrl elsewhere). */
export function keyLabels(keys: readonly string[], mac: boolean): string[] {
  return keys.map((k) => (k === 'Mod' ? (mac ? '⌘' : 'Ctrl') : k === 'Escape' ? 'Esc' : k));
}
