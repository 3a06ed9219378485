import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutId } from './shortcuts';

export { keyLabels, shortcutFor, SHORTCUTS, type ShortcutId, type ShortcutScope } from './shortcuts';

/** Whether a key press is meant for a text field, menu or button the user is in, not a shortcut. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
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

