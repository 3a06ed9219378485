import { describe, expect, it } from 'vitest';
import { buttonName, contentBox, DoubleEscape, keyMessage, pointerFraction, wheelNotches } from './pointer';

const key = (code: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({ code, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe('the video content box (object-fit: contain)', () => {
  it.each([
    // element, video size, expected box — worked out by hand
    ['same aspect', { left: 10, top: 20, width: 640, height: 400 }, 1280, 800, { left: 10, top: 20, width: 640, height: 400 }],
    ['wider element: bars left and right', { left: 0, top: 0, width: 1000, height: 400 }, 1280, 800, { left: 180, top: 0, width: 640, height: 400 }],
    ['taller element: bars top and bottom', { left: 0, top: 100, width: 640, height: 600 }, 1280, 800, { left: 0, top: 200, width: 640, height: 400 }],
  ])('%s', (_what, element, vw, vh, expected) => {
    expect(contentBox(element, vw, vh)).toEqual(expected);
  });

  it('is null before the video has a size', () => {
    expect(contentBox({ left: 0, top: 0, width: 100, height: 100 }, 0, 0)).toBeNull();
  });
});

describe('pointer fractions', () => {
  const box = { left: 180, top: 0, width: 640, height: 400 };
  it.each([
    [180, 0, { x: 0, y: 0 }],
    [820, 400, { x: 1, y: 1 }],
    [500, 200, { x: 0.5, y: 0.5 }],
    [340, 100, { x: 0.25, y: 0.25 }],
  ])('(%i, %i) → %o', (cx, cy, expected) => {
    expect(pointerFraction(cx, cy, box)).toEqual(expected);
  });
  it.each([
    [100, 200],
    [900, 200],
    [500, 401],
  ])('(%i, %i) is on the bars: nothing', (cx, cy) => {
    expect(pointerFraction(cx, cy, box)).toBeNull();
  });
  it('no box, nothing', () => expect(pointerFraction(1, 1, null)).toBeNull());
});

describe('keys and buttons', () => {
  it.each([
    [key('KeyA'), 'down', { t: 'key', code: 'KeyA', action: 'down', modifiers: [] }],
    [key('KeyC', { ctrlKey: true }), 'down', { t: 'key', code: 'KeyC', action: 'down', modifiers: ['Control'] }],
    [key('ShiftLeft', { shiftKey: true }), 'down', { t: 'key', code: 'ShiftLeft', action: 'down', modifiers: [] }],
    [key('Delete', { ctrlKey: true, altKey: true }), 'up', { t: 'key', code: 'Delete', action: 'up', modifiers: ['Control', 'Alt'] }],
    [key('KeyZ', { metaKey: true, shiftKey: true }), 'down', { t: 'key', code: 'KeyZ', action: 'down', modifiers: ['Shift', 'Meta'] }],
  ] as const)('%o %s', (event, action, expected) => {
    expect(keyMessage(event, action)).toEqual(expected);
  });
  it('an event without a code sends nothing', () => expect(keyMessage(key(''), 'down')).toBeNull());
  it.each([
    [0, 'left'],
    [1, 'middle'],
    [2, 'right'],
    [3, null],
  ])('button %i is %s', (b, name) => expect(buttonName(b)).toBe(name));
  it.each([
    [0, 100, 0, { dx: 0, dy: 1 }],
    [0, -250, 0, { dx: 0, dy: -3 }],
    [0, 3, 1, { dx: 0, dy: 1 }],
    [40, 0, 0, { dx: 1, dy: 0 }],
    [0, 1e6, 0, { dx: 0, dy: 100 }],
    [0, 2, 2, { dx: 0, dy: 2 }],
  ])('wheel (%i, %i, mode %i) → %o', (dx, dy, mode, expected) => expect(wheelNotches(dx, dy, mode)).toEqual(expected));
});

describe('Esc twice ends the session', () => {
  it('within the window', () => {
    const esc = new DoubleEscape(800);
    expect(esc.press(1000)).toBe(false);
    expect(esc.press(1700)).toBe(true);
    // A third press starts over.
    expect(esc.press(1900)).toBe(false);
  });
  it('not when too slow', () => {
    const esc = new DoubleEscape(800);
    expect(esc.press(0)).toBe(false);
    expect(esc.press(900)).toBe(false);
    expect(esc.press(1600)).toBe(true);
  });
});
