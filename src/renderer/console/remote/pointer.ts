import type { ControlMessage } from '../../../shared/remote/channels';

/** A rectangle in CSS pixels, as `getBoundingClientRect()` gives it. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where the picture is drawn inside a `<video>` with `object-fit: contain`: scaled to fit, centred,
 * with bars left/right or top/bottom. Null until the video knows its size.
 */
export function contentBox(element: Box, videoWidth: number, videoHeight: number): Box | null {
  if (videoWidth <= 0 || videoHeight <= 0 || element.width <= 0 || element.height <= 0) return null;
  const scale = Math.min(element.width / videoWidth, element.height / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: element.left + (element.width - width) / 2, top: element.top + (element.height - height) / 2, width, height };
}

/**
 * A pointer position as fractions (0..1) of the shown monitor, as the control channel carries it.
 * Null on the bars around the picture: a click there is not on the remote screen.
 */
export function pointerFraction(clientX: number, clientY: number, content: Box | null): { x: number; y: number } | null {
  if (!content) return null;
  const x = (clientX - content.left) / content.width;
  const y = (clientY - content.top) / content.height;
  if (x < 0 || x > 1 || y < 0 || y > 1) return null;
  return { x: clamp(x), y: clamp(y) };
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/** DOM `MouseEvent.button` to the control channel's button name. */
export function buttonName(button: number): 'left' | 'middle' | 'right' | null {
  return button === 0 ? 'left' : button === 1 ? 'middle' : button === 2 ? 'right' : null;
}

const MODIFIER_CODES: Record<string, 'Shift' | 'Control' | 'Alt' | 'Meta'> = {
  ShiftLeft: 'Shift',
  ShiftRight: 'Shift',
  ControlLeft: 'Control',
  ControlRight: 'Control',
  AltLeft: 'Alt',
  AltRight: 'Alt',
  MetaLeft: 'Meta',
  MetaRight: 'Meta',
};

/** The part of a KeyboardEvent the control channel needs. */
export interface KeyInput {
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/**
 * A key message by `KeyboardEvent.code` (layout-independent: the device types with its own layout).
 * The modifiers held are listed, except the key itself when it is a modifier. Null for an event
 * without a code (IME composition, synthetic events).
 */
export function keyMessage(event: KeyInput, action: 'down' | 'up'): Extract<ControlMessage, { t: 'key' }> | null {
  if (!event.code || event.code.length > 40) return null;
  const self = MODIFIER_CODES[event.code];
  const held: Array<'Shift' | 'Control' | 'Alt' | 'Meta'> = [];
  if (event.shiftKey && self !== 'Shift') held.push('Shift');
  if (event.ctrlKey && self !== 'Control') held.push('Control');
  if (event.altKey && self !== 'Alt') held.push('Alt');
  if (event.metaKey && self !== 'Meta') held.push('Meta');
  return { t: 'key', code: event.code, action, modifiers: held };
}

/** Wheel deltas to whole notches within the channel's ±100, whatever unit the browser used. */
export function wheelNotches(deltaX: number, deltaY: number, deltaMode: number): { dx: number; dy: number } {
  // deltaMode 0: pixels (~100 per notch in Chromium), 1: lines (~3 per notch), 2: pages.
  const per = deltaMode === 0 ? 100 : deltaMode === 1 ? 3 : 1;
  const notch = (d: number) => (d === 0 ? 0 : Math.max(-100, Math.min(100, Math.sign(d) * Math.max(1, Math.round(Math.abs(d) / per)))));
  return { dx: notch(deltaX), dy: notch(deltaY) };
}

/**
 * Esc pressed twice within `windowMs` ends the session (one Esc alone goes to the remote
 * computer, where it often means something). Returns true on the second press.
 */
export class DoubleEscape {
  private last = -Infinity;
  constructor(private readonly windowMs = 800) {}
  press(now: number): boolean {
    const second = now - this.last <= this.windowMs;
    this.last = second ? -Infinity : now;
    return second;
  }
}
