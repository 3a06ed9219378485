import { describe, expect, it } from 'vitest';
import type { DeviceCapabilities } from '../../../shared/device-protocol';
import { REMOTE_RIGHTS } from '../../../shared/domain/remote-session';
import { offerableRights } from './offerable';

const yes = { available: true } as const;
const no = (reason: string) => ({ available: false, reason }) as const;
const ALL: DeviceCapabilities = { diagnostics: yes, shell: yes, screen: yes, input: yes };
const HEADLESS: DeviceCapabilities = { diagnostics: yes, shell: yes, screen: no('No display.'), input: no('No display.') };

describe('rights a device can be asked for', () => {
  it('everything when the policy allows all and the device can do all', () => {
    expect([...offerableRights(REMOTE_RIGHTS, ALL).values()]).toEqual([null, null, null, null, null, null]);
  });
  it('a headless device cannot offer view or control, saying why', () => {
    const offer = offerableRights(REMOTE_RIGHTS, HEADLESS);
    expect(Object.fromEntries(offer)).toEqual({ view: 'No display.', control: 'No display.', shell: null, diagnostics: null, files: null, chat: null });
  });
  it('input without a screen: control lacks the screen', () => {
    expect(offerableRights(REMOTE_RIGHTS, { ...ALL, screen: no('Screen capture failed.') }).get('control')).toBe('Screen capture failed.');
  });
  it('the policy leaves rights out', () => {
    const offer = offerableRights(['view', 'chat'], ALL);
    expect(Object.fromEntries(offer)).toEqual({ view: null, control: 'policy', shell: 'policy', diagnostics: 'policy', files: 'policy', chat: null });
  });
  it('unknown capabilities leave the policy to decide', () => {
    expect([...offerableRights(REMOTE_RIGHTS, null).values()].every((v) => v === null)).toBe(true);
  });
});
