import type { ShellMessage } from './channels';

/**
 * A strict, hand-written check for the two shell messages on the typing path: `input` (console →
 * device, every keystroke) and `output` (device → console, every echo). Zod's discriminated union
 * costs several microseconds per message there; this costs well under one. It only ever *accepts*:
 * it answers the message when it has exactly the fields `t`, `tab`, `data` with the very limits of
 * `ShellMessage` (tab 1..40 characters, data up to 64 Ki / 256 Ki characters), and null for anything
 * else, which then goes through the zod schema as before — so what is dropped, and the reason given,
 * never changes.
 */
const TAB_MAX = 40;
const DATA_MAX = { input: 64 * 1024, output: 256 * 1024 } as const;

export type HotShellMessage = Extract<ShellMessage, { t: 'input' | 'output' }>;

export function hotShellMessage(value: unknown): HotShellMessage | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const m = value as Record<string, unknown>;
  const t = m.t;
  if (t !== 'input' && t !== 'output') return null;
  const { tab, data } = m;
  if (typeof tab !== 'string' || tab.length < 1 || tab.length > TAB_MAX) return null;
  if (typeof data !== 'string' || data.length > DATA_MAX[t]) return null;
  let keys = 0;
  for (const key in m) {
    if (!Object.prototype.hasOwnProperty.call(m, key)) return null;
    keys++;
  }
  if (keys !== 3) return null;
  return { t, tab, data };
}
