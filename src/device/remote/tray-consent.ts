import { randomUUID } from 'node:crypto';
import type { IpcHandler } from '../../shared/ipc';
import type { ConsentAnswer, ConsentRequest } from '../../shared/remote/consent';
import type { ConsentDecision, ConsentPrompt, ConsentQuestion } from './consent';
import type { SessionHost } from './session-host';

/** A prompt handed out but not answered is handed out again after this long (a reloaded tray page). */
const REDELIVER_MS = 5000;

interface Pending {
  request: ConsentRequest;
  deliveredAt: number | null;
  resolve: (decision: ConsentDecision) => void;
}

/**
 * The tray's ConsentPrompt: questions wait here until the tray renderer takes them
 * (`session:nextPrompt`, a long-poll) and answers (`session:answer`). A question the server
 * withdraws (agent gave up, timed out) disappears; an answer to it is refused with a sentence.
 */
export class TrayConsent implements ConsentPrompt {
  private readonly pending = new Map<string, Pending>();
  private wakers = new Set<() => void>();

  /** `onAsk`: a question arrived (the Electron tray brings its popover up). */
  constructor(private readonly onAsk?: () => void) {}

  ask({ offer, rights, answerBy, answerWithinMs, signal }: ConsentQuestion): Promise<ConsentDecision> {
    const promptId = randomUUID();
    const request: ConsentRequest = { promptId, sessionId: offer.sessionId, agent: { name: offer.agent.name, email: offer.agent.email }, ticket: offer.ticket, rights, answerBy, answerWithinMs };
    return new Promise((resolve) => {
      this.pending.set(promptId, { request, deliveredAt: null, resolve });
      signal.addEventListener('abort', () => {
        if (this.pending.delete(promptId)) resolve({ granted: [], refused: true, reason: 'The request was withdrawn before it was answered.' });
      });
      this.wake();
      this.onAsk?.();
    });
  }

  /** The next question to show, waiting up to `waitMs`; null when none came. */
  async nextPrompt(waitMs: number): Promise<ConsentRequest | null> {
    const end = Date.now() + waitMs;
    for (;;) {
      const now = Date.now();
      const due = [...this.pending.values()].find((p) => p.deliveredAt === null || now - p.deliveredAt >= REDELIVER_MS);
      if (due) {
        due.deliveredAt = now;
        return due.request;
      }
      if (now >= end) return null;
      const soonest = Math.min(end, ...[...this.pending.values()].map((p) => (p.deliveredAt ?? now) + REDELIVER_MS));
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, soonest - now));
        this.wakers.add(done);
      });
    }
  }

  /** The person's answer. Throws a sentence when the question is no longer asked. */
  answer(answer: ConsentAnswer): void {
    const pending = this.pending.get(answer.promptId);
    if (!pending) throw new Error('This request is no longer waiting for an answer (it was withdrawn or timed out).');
    this.pending.delete(answer.promptId);
    if (answer.refused || answer.granted.length === 0) {
      pending.resolve({ granted: [], refused: true, reason: answer.reason ?? 'The person at the device said no.' });
    } else {
      pending.resolve({ granted: answer.granted.filter((r) => pending.request.rights.includes(r)), refused: false });
    }
  }

  private wake(): void {
    for (const wake of [...this.wakers]) wake();
  }
}

/** The `session:*` IPC handlers over a session host and its tray consent. */
export function sessionHandlers(
  host: SessionHost,
  consent: TrayConsent,
): {
  'session:nextPrompt': IpcHandler<'session:nextPrompt'>;
  'session:answer': IpcHandler<'session:answer'>;
  'session:current': IpcHandler<'session:current'>;
  'session:end': IpcHandler<'session:end'>;
  'session:setViewOnly': IpcHandler<'session:setViewOnly'>;
  'session:chat': IpcHandler<'session:chat'>;
} {
  return {
    'session:nextPrompt': ({ waitMs }) => consent.nextPrompt(waitMs),
    'session:answer': (answer) => consent.answer(answer),
    'session:current': ({ afterVersion, waitMs }) => host.state(afterVersion, waitMs),
    'session:end': ({ sessionId }) => host.end(sessionId),
    'session:setViewOnly': ({ sessionId, viewOnly }) => {
      host.setViewOnly(sessionId, viewOnly);
      return host.state();
    },
    'session:chat': ({ sessionId, text }) => host.sendChat(sessionId, text),
  };
}

/** The `session:*` handlers when no device link runs (bridge without an identity): nothing ever comes. */
export function idleSessionHandlers(): ReturnType<typeof sessionHandlers> {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const none = (): never => {
    throw new Error('Remote sessions are not set up on this device (no device identity).');
  };
  return {
    'session:nextPrompt': async ({ waitMs }) => (await wait(waitMs), null),
    'session:answer': none,
    'session:current': async ({ afterVersion, waitMs }) => {
      if (afterVersion !== undefined) await wait(waitMs);
      return { version: 0, session: null };
    },
    'session:end': none,
    'session:setViewOnly': none,
    'session:chat': none,
  };
}
