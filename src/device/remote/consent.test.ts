import { describe, expect, it } from 'vitest';
import type { DeviceCapabilities } from '../../shared/device-protocol';
import type { SessionOfferFrame } from '../../shared/remote/signaling';
import { normaliseRights, rightsThisDeviceCanGrant, UnattendedOnlyConsent } from './consent';
import { TrayConsent } from './tray-consent';

const yes = { available: true } as const;
const no = (reason: string) => ({ available: false, reason }) as const;
const FULL: DeviceCapabilities = { diagnostics: yes, shell: yes, screen: yes, input: yes };
const HEADLESS: DeviceCapabilities = { diagnostics: yes, shell: yes, screen: no('No display.'), input: no('No display.') };
const offer = (unattended: boolean): SessionOfferFrame => ({
  type: 'session_offer',
  sessionId: '00000000-0000-4000-8000-000000000001',
  agent: { id: '00000000-0000-4000-8000-000000000002', name: 'Ada', email: 'ada@example.org' },
  ticket: null,
  rights: ['view', 'control', 'shell'],
  unattended,
  answerBy: Date.now() + 30_000,
  answerWithinMs: 30_000,
  iceServers: [],
});

const timing = { answerBy: Date.now() + 30_000, answerWithinMs: 30_000 };

describe('rights a device can grant', () => {
  it.each([
    [['view', 'control', 'shell'], FULL, ['view', 'control', 'shell'], 0],
    [['shell', 'view', 'chat'], FULL, ['view', 'shell', 'chat'], 0],
    [['view', 'control', 'shell', 'files'], HEADLESS, ['shell', 'files'], 2],
    [['view', 'control'], HEADLESS, [], 2],
    [['diagnostics'], { ...FULL, shell: no('No PTY.') }, ['diagnostics'], 0],
    [['shell'], { ...FULL, shell: no('No PTY.') }, [], 1],
  ] as const)('%j on %j → %j', (asked, caps, kept, leftOut) => {
    const { rights, left } = rightsThisDeviceCanGrant([...asked], caps);
    expect(rights).toEqual(kept);
    expect(left).toHaveLength(leftOut);
  });

  it('never keeps control without view', () => {
    expect(normaliseRights(['control', 'shell'])).toEqual(['shell']);
    expect(normaliseRights(['chat', 'control', 'view', 'view'])).toEqual(['view', 'control', 'chat']);
  });
});

describe('the headless consent', () => {
  it('grants what was asked under an unattended policy, else refuses at once with why', async () => {
    const consent = new UnattendedOnlyConsent();
    const signal = new AbortController().signal;
    expect(await consent.ask({ offer: offer(true), rights: ['view', 'shell'], ...timing, signal })).toEqual({ granted: ['view', 'shell'], refused: false });
    const refused = await consent.ask({ offer: offer(false), rights: ['view'], ...timing, signal });
    expect(refused).toMatchObject({ refused: true, granted: [] });
    expect(refused.refused && refused.reason).toMatch(/unattended/);
  });
});

describe('the tray consent (served over IPC)', () => {
  it('hands a question out once (not again at once) and takes a narrowed answer', async () => {
    let asked = 0;
    const consent = new TrayConsent(() => asked++);
    expect(await consent.nextPrompt(0)).toBeNull();
    const decision = consent.ask({ offer: offer(false), rights: ['view', 'shell'], ...timing, signal: new AbortController().signal });
    expect(asked).toBe(1);
    const first = await consent.nextPrompt(100);
    expect(first).toMatchObject({ sessionId: offer(false).sessionId, rights: ['view', 'shell'], agent: { name: 'Ada' } });
    expect(await consent.nextPrompt(50)).toBeNull();
    // Rights not offered are ignored.
    consent.answer({ promptId: first!.promptId, granted: ['shell', 'control'], refused: false });
    expect(await decision).toEqual({ granted: ['shell'], refused: false });
    expect(() => consent.answer({ promptId: first!.promptId, granted: [], refused: true })).toThrow(/no longer waiting/);
  });

  it('a waiting long-poll wakes when a question comes; a withdrawn question is a refusal and is not handed out', async () => {
    const consent = new TrayConsent();
    const waiting = consent.nextPrompt(5000);
    const abort = new AbortController();
    const decision = consent.ask({ offer: offer(false), rights: ['chat'], ...timing, signal: abort.signal });
    expect((await waiting)?.rights).toEqual(['chat']);
    abort.abort();
    expect(await decision).toMatchObject({ refused: true, reason: expect.stringMatching(/withdrawn/) });
    expect(await consent.nextPrompt(0)).toBeNull();
  });
});
