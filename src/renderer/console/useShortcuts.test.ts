import { describe, expect, it } from 'vitest';
import { keyLabels, shortcutFor, SHORTCUTS } from './useShortcuts';

const all = new Set(SHORTCUTS.map((s) => s.id));
const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('the shortcut table', () => {
  it('has unique ids, and no key means two things where both apply (global + page)', () => {
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
    for (const scope of ['queue', 'ticket']) {
      const keys = SHORTCUTS.filter((s) => s.scope === scope || s.scope === 'global').map((s) => s.keys.join('+'));
      expect(new Set(keys).size, scope).toBe(keys.length);
    }
  });

  it('every shortcut has a label', () => {
    for (const s of SHORTCUTS) expect(s.label.length, s.id).toBeGreaterThan(3);
  });

  it('has the keys the console promises', () => {
    const keys = (id: string) => SHORTCUTS.find((s) => s.id === id)?.keys.join('+');
    expect({ j: keys('queue.down'), k: keys('queue.up'), open: keys('queue.open'), search: keys('queue.search'), x: keys('queue.select'), r: keys('ticket.reply'), n: keys('ticket.note'), a: keys('ticket.assign'), palette: keys('palette'), help: keys('help') }).toEqual({
      j: 'j', k: 'k', open: 'Enter', search: '/', x: 'x', r: 'r', n: 'n', a: 'a', palette: 'Mod+k', help: '?',
    });
  });
});

describe('shortcutFor', () => {
  const only = (...ids: string[]) => new Set(ids);
  it.each([
    [press('j'), 'queue.down'],
    [press('k', { ctrlKey: true }), 'palette'],
    [press('K', { metaKey: true, shiftKey: true }), 'palette'],
    [press('?', { shiftKey: true }), 'help'],
    [press('X', { shiftKey: true }), 'queue.selectAll'],
    [press('x'), 'queue.select'],
  ])('%j → %s', (event, id) => expect(shortcutFor(event, all)?.id).toBe(id));

  it('a modifier keeps a plain key from firing (Ctrl+R reloads, it does not reply)', () => {
    expect(shortcutFor(press('r', { ctrlKey: true }), all)).toBeNull();
    expect(shortcutFor(press('j', { altKey: true }), all)).toBeNull();
  });

  it('only the shortcuts a page binds fire', () => {
    expect(shortcutFor(press('a'), only('ticket.assign'))?.id).toBe('ticket.assign');
    expect(shortcutFor(press('a'), only('queue.assignMe'))?.id).toBe('queue.assignMe');
    expect(shortcutFor(press('r'), only('queue.down'))).toBeNull();
  });

  it('labels Mod as ⌘ on a Mac and Ctrl elsewhere', () => {
    expect(keyLabels(['Mod', 'k'], true)).toEqual(['⌘', 'k']);
    expect(keyLabels(['Mod', 'k'], false)).toEqual(['Ctrl', 'k']);
    expect(keyLabels(['Escape'], false)).toEqual(['Esc']);
  });
});
