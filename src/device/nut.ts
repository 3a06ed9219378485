import type * as NutModule from '@nut-tree-fork/nut-js';
import { detectDisplay, type DisplayStatus } from './display';

// A type-only import: the module itself is loaded by loadNut, after a display has answered.
type NutJs = typeof NutModule;

/** Screen or input was asked for on a machine without a usable display. */
export class DisplayUnavailableError extends Error {
  override name = 'DisplayUnavailableError';
  readonly code = 'display_unavailable';
}

let loading: Promise<NutJs> | null = null;
let status: Promise<DisplayStatus> | null = null;

/** Whether a display answers here (checked once per process). */
export function displayStatus(): Promise<DisplayStatus> {
  status ??= detectDisplay();
  return status;
}

/**
 * Loads nut-js, only after a display has answered: loading it without one segfaults the process.
 * Throws DisplayUnavailableError with the reason otherwise.
 */
export async function loadNut(): Promise<NutJs> {
  const display = await displayStatus();
  if (!display.available) throw new DisplayUnavailableError(display.reason);
  loading ??= import('@nut-tree-fork/nut-js').then((nut) => {
    // Remote control sends its own pacing; nut-js's default per-action delays would only add lag.
    nut.mouse.config.autoDelayMs = 0;
    nut.mouse.config.mouseSpeed = 100_000;
    nut.keyboard.config.autoDelayMs = 0;
    return nut;
  });
  return loading;
}
