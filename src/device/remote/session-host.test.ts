import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceCapabilities } from '../../shared/device-protocol';
import type { DeviceSessionClientFrame, DeviceSessionServerFrame, SessionOfferFrame } from '../../shared/remote/signaling';
import { SessionHost, type SessionLink } from './session-host';
import { TrayConsent } from './tray-consent';

const yes = { available: true } as const;
const FULL: DeviceCapabilities = { diagnostics: yes, shell: yes, screen: yes, input: yes };
const SESSION = '00000000-0000-4000-8000-0000000000a1';

/** The device link's session leg as the host sees it: frames in (from the server) and out (recorded). */
class LinkLeg implements SessionLink {
  readonly sent: DeviceSessionClientFrame[] = [];
  private listener: ((frame: DeviceSessionServerFrame) => void) | null = null;
  onSessionFrame(listener: (frame: DeviceSessionServerFrame) => void) {
    this.listener = listener;
    return () => void (this.listener = null);
  }
  sendSessionFrame(frame: DeviceSessionClientFrame) {
    this.sent.push(frame);
    return true;
  }
  deliver(frame: DeviceSessionServerFrame) {
    this.listener?.(frame);
  }
}

const offer = (answerWithinMs: number, answerBy: number): SessionOfferFrame => ({
  type: 'session_offer',
  sessionId: SESSION,
  agent: { id: '00000000-0000-4000-8000-0000000000a2', name: 'Ada', email: 'ada@example.org' },
  ticket: null,
  rights: ['view', 'shell'],
  unattended: false,
  answerBy,
  answerWithinMs,
  iceServers: [],
});

const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe('the session host asking the tray', () => {
  let host: SessionHost | null = null;
  afterEach(async () => {
    await host?.stop();
    host = null;
  });

  function start() {
    const link = new LinkLeg();
    const consent = new TrayConsent();
    host = new SessionHost({
      link,
      consent,
      capabilities: () => Promise.resolve(FULL),
      deviceName: 'pc-1',
      serverUrl: 'http://127.0.0.1:1',
      log: silent,
      files: { folder: '/nonexistent', maxBytes: 1 },
      // Never reached: no question here is granted.
      createPeer: () => {
        throw new Error('no peer in this test');
      },
    });
    return { link, consent };
  }

  it('counts the deadline from arrival on its own clock, whatever the server clock says', async () => {
    const { link, consent } = start();
    const before = Date.now();
    // The server's clock is an hour ahead; only answerWithinMs counts here.
    link.deliver(offer(20_000, before + 3_600_000));
    const prompt = await consent.nextPrompt(2000);
    expect(prompt?.answerWithinMs).toBe(20_000);
    expect(prompt!.answerBy).toBeGreaterThanOrEqual(before + 20_000);
    expect(prompt!.answerBy).toBeLessThanOrEqual(Date.now() + 20_000);
  });
});
