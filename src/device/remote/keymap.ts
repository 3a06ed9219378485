/**
 * `KeyboardEvent.code` (the physical key, layout-independent) → the name of nut-js's `Key` enum.
 * nut-js names keys of a US layout; `Return` is the main Enter key, `Enter` the keypad's.
 */
const NAMED: Record<string, string> = {
  Escape: 'Escape',
  Backquote: 'Grave',
  Minus: 'Minus',
  Equal: 'Equal',
  Backspace: 'Backspace',
  Tab: 'Tab',
  BracketLeft: 'LeftBracket',
  BracketRight: 'RightBracket',
  Backslash: 'Backslash',
  CapsLock: 'CapsLock',
  Semicolon: 'Semicolon',
  Quote: 'Quote',
  Enter: 'Return',
  Comma: 'Comma',
  Period: 'Period',
  Slash: 'Slash',
  Space: 'Space',
  ShiftLeft: 'LeftShift',
  ShiftRight: 'RightShift',
  ControlLeft: 'LeftControl',
  ControlRight: 'RightControl',
  AltLeft: 'LeftAlt',
  AltRight: 'RightAlt',
  MetaLeft: 'LeftSuper',
  MetaRight: 'RightSuper',
  OSLeft: 'LeftSuper',
  OSRight: 'RightSuper',
  ContextMenu: 'Menu',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  Insert: 'Insert',
  Delete: 'Delete',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  PrintScreen: 'Print',
  ScrollLock: 'ScrollLock',
  Pause: 'Pause',
  NumLock: 'NumLock',
  NumpadAdd: 'Add',
  NumpadSubtract: 'Subtract',
  NumpadMultiply: 'Multiply',
  NumpadDivide: 'Divide',
  NumpadDecimal: 'Decimal',
  NumpadEnter: 'Enter',
  NumpadEqual: 'NumPadEqual',
  AudioVolumeMute: 'AudioMute',
  AudioVolumeDown: 'AudioVolDown',
  AudioVolumeUp: 'AudioVolUp',
};

/** Modifier names of the control contract → nut-js key names (the left-hand keys). */
export const MODIFIER_KEYS = {
  Shift: 'LeftShift',
  Control: 'LeftControl',
  Alt: 'LeftAlt',
  Meta: 'LeftSuper',
} as const;

/** The nut-js key name for a `KeyboardEvent.code`, or null for a key we do not map. */
export function nutKeyName(code: string): string | null {
  let m: RegExpExecArray | null;
  if ((m = /^Key([A-Z])$/.exec(code))) return m[1]!;
  if ((m = /^Digit([0-9])$/.exec(code))) return `Num${m[1]}`;
  if ((m = /^Numpad([0-9])$/.exec(code))) return `NumPad${m[1]}`;
  if ((m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code))) return `F${m[1]}`;
  return Object.hasOwn(NAMED, code) ? NAMED[code]! : null;
}
