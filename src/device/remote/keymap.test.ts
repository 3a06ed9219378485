import { describe, expect, it } from 'vitest';
import { nutKeyName } from './keymap';

describe('nutKeyName', () => {
  it.each([
    ['KeyA', 'A'],
    ['KeyZ', 'Z'],
    ['Digit0', 'Num0'],
    ['Digit7', 'Num7'],
    ['Numpad3', 'NumPad3'],
    ['F1', 'F1'],
    ['F24', 'F24'],
    ['Enter', 'Return'],
    ['NumpadEnter', 'Enter'],
    ['ArrowUp', 'Up'],
    ['ShiftLeft', 'LeftShift'],
    ['MetaRight', 'RightSuper'],
    ['Backquote', 'Grave'],
    ['BracketLeft', 'LeftBracket'],
  ])('%s → %s', (code, name) => expect(nutKeyName(code)).toBe(name));

  it.each(['F25', 'Keya', 'KeyAA', 'Digit', 'Lang1', 'toString', '__proto__'])('%s is not mapped', (code) =>
    expect(nutKeyName(code)).toBeNull(),
  );
});
