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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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

  it('sends no answer when no one answered in time: the server times it out, not a refusal from here', async () => {
    const { link, consent } = start();
    link.deliver(offer(150, Date.now() + 150));
    expect(await consent.nextPrompt(1000)).not.toBeNull();
    await sleep(500);
    expect(link.sent).toEqual([]);
    // The question is gone from the tray too.
    expect(await consent.nextPrompt(0)).toBeNull();
  });

  it('sends no answer to a question the server withdrew (session_end while asking)', async () => {
    const { link, consent } = start();
    link.deliver(offer(30_000, Date.now() + 30_000));
    const prompt = await consent.nextPrompt(1000);
    link.deliver({ type: 'session_end', sessionId: SESSION, reason: 'No one answered at the device within 25 seconds.' });
    await sleep(100);
    expect(link.sent).toEqual([]);
    expect(() => consent.answer({ promptId: prompt!.promptId, granted: [], refused: true })).toThrow(/no longer waiting/);
  });

  it('still sends the refusal the person gave', async () => {
    const { link, consent } = start();
    link.deliver(offer(30_000, Date.now() + 30_000));
    const prompt = await consent.nextPrompt(1000);
    consent.answer({ promptId: prompt!.promptId, granted: [], refused: true, reason: 'Not now.' });
    await sleep(50);
    expect(link.sent).toEqual([{ type: 'session_answer', sessionId: SESSION, granted: [], refused: true, reason: 'Not now.' }]);
  });
});
