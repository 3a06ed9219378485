import type { Availability, DeviceCapabilities } from '../shared/device-protocol';
import { displayStatus } from './nut';

/** The agent's name and version as it reports itself to the server. */
export const AGENT_ID = 'tandem-agent/0.1.0';

/**
 * What this machine can offer: shell when node-pty loads (its native part compiled for this
 * runtime), screen and input when a display answers. Loading nut-js is not needed to know: the
 * display check alone decides, so a headless server never risks the crash.
 */
export async function detectCapabilities(): Promise<DeviceCapabilities> {
  const display = await displayStatus();
  const screen: Availability = display.available ? { available: true } : { available: false, reason: display.reason };
  let shell: Availability;
  try {
    await import('node-pty');
    shell = { available: true };
  } catch (err) {
    shell = { available: false, reason: `The terminal module did not load: ${String((err as Error).message).slice(0, 200)}` };
  }
  return { diagnostics: { available: true }, shell, screen, input: screen };
}
