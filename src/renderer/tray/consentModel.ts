import { CONSENT_TIMEOUT_MS, REMOTE_RIGHTS, type RemoteRight } from '../../shared/domain/remote-session';
import type { ConsentAnswer, ConsentRequest } from '../../shared/remote/consent';

/**
 * When the prompt gives up on this machine's clock: the device's `answerBy` (the device counted the
 * server's time left from when the offer arrived), but never later than that time left after the
 * prompt reached this window (a tray renderer whose clock differs never shows a longer wait than the
 * real one, which is the server's).
 */
export function promptDeadline(request: Pick<ConsentRequest, 'answerBy' | 'answerWithinMs'>, receivedAt: number): number {
  return Math.min(request.answerBy, receivedAt + Math.min(request.answerWithinMs, CONSENT_TIMEOUT_MS));
}

/** The countdown's full length in whole seconds: the time the person had when asked (at least 1). */
export const promptSeconds = (request: Pick<ConsentRequest, 'answerWithinMs'>): number => Math.max(1, Math.ceil(Math.min(request.answerWithinMs, CONSENT_TIMEOUT_MS) / 1000));

/** Whole seconds left (rounded up, never below 0). */
export const secondsUntil = (deadline: number, now: number): number => Math.max(0, Math.ceil((deadline - now) / 1000));

/**
 * A toggle in the prompt, kept consistent: control cannot be granted without the screen, so turning
 * the screen off turns control off, and turning control on turns the screen on. Only rights that
 * were asked for can be on.
 */
export function toggleGrant(asked: readonly RemoteRight[], granted: readonly RemoteRight[], right: RemoteRight, on: boolean): RemoteRight[] {
  let next = new Set(granted);
  if (on) next.add(right);
  else next.delete(right);
  if (on && right === 'control') next.add('view');
  if (!on && right === 'view') next.delete('control');
  next = new Set([...next].filter((r) => asked.includes(r)));
  return REMOTE_RIGHTS.filter((r) => next.has(r));
}

/** The answer for Accept (what is toggled on; nothing on is a refusal) or Refuse. */
export function answerOf(promptId: string, granted: readonly RemoteRight[], accept: boolean): ConsentAnswer {
  if (!accept || granted.length === 0) return { promptId, granted: [], refused: true, reason: accept ? 'The person at the computer allowed nothing.' : 'The person at the computer refused.' };
  return { promptId, granted: [...granted], refused: false };
}
