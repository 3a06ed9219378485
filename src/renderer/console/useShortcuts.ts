import { useEffect, useRef } from 'react';
import { strings } from '../common/strings';

/**
 * Every keyboard shortcut of the console, in one table: pages bind handlers to these ids (never
 * to keys of their own), and the help sheet (`?`) lists this table, so the two cannot drift.
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
type Shortcut = (typeof SHORTCUTS)[number];

/** Whether a key press is meant for a text field, menu or button the user is in, not a shortcut. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The shortcut a key press means, if any: `Mod` is Ctrl, or ⌘ on a Mac. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, ids: ReadonlySet<string>): Shortcut | null {
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

/**
 * Binds shortcuts of the table to handlers while a page is shown. Single keys are ignored while the
 * user types in a field, so they never eat a character; `Mod` shortcuts work everywhere.
 */
export function useShortcuts(handlers: Partial<Record<ShortcutId, (event: KeyboardEvent) => void>>): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const s = shortcutFor(event, new Set(Object.keys(ref.current)));
      if (!s) return;
      const modShortcut = (s.keys as readonly string[]).includes('Mod');
      if (!modShortcut && typingIn(event.target)) return;
      // Enter on a focused button or link keeps its own meaning.
      if (event.key === 'Enter' && event.target instanceof HTMLElement && ['BUTTON', 'A'].includes(event.target.tagName)) return;
      // Inside a dialog only its own keys count.
      if (!modShortcut && event.target instanceof HTMLElement && event.target.closest('dialog, [role=dialog]')) return;
      event.preventDefault();
      ref.current[s.id]?.(event);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** How a shortcut's keys read on this platform (⌘ on a Mac, Ctrl elsewhere). */
export function keyLabels(keys: readonly string[], mac: boolean): string[] {
  return keys.map((k) => (k === 'Mod' ? (mac ? '⌘' : 'Ctrl') : k === 'Escape' ? 'Esc' : k));
}
