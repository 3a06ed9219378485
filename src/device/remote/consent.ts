import { REMOTE_RIGHTS, type RemoteRight } from '../../shared/domain/remote-session';
import type { DeviceCapabilities } from '../../shared/device-protocol';
import type { SessionOfferFrame } from '../../shared/remote/signaling';

/** What the person at the device is asked: the offer, with rights already capped to what the device can do. */
export interface ConsentQuestion {
  offer: SessionOfferFrame;
  rights: RemoteRight[];
  /** When no answer counts as no, on this device's clock (from the offer's `answerWithinMs`). */
  answerBy: number;
  /** How long the person had when the offer arrived (the countdown's full length). */
  answerWithinMs: number;
  /** Aborted when the question is moot: the agent gave up, the server timed it out, the host stops. */
  signal: AbortSignal;
}

export type ConsentDecision =
  { granted: RemoteRight[]; refused: false } | { granted: []; refused: true; reason: string };

/**
 * Asks whoever may answer for this device whether an agent may start a session. The headless agent
 * has no one to ask ({@link UnattendedOnlyConsent}); the tray asks the person over IPC.
 */
export interface ConsentPrompt {
  ask(question: ConsentQuestion): Promise<ConsentDecision>;
}

/** The headless agent: yes only when a group policy allows unattended sessions, else no at once. */
export class UnattendedOnlyConsent implements ConsentPrompt {
  ask({ offer, rights }: ConsentQuestion): Promise<ConsentDecision> {
    if (offer.unattended) return Promise.resolve({ granted: rights, refused: false });
    return Promise.resolve({
      granted: [],
      refused: true,
      reason:
        'This device runs the headless agent with no one to ask, and its group does not allow unattended sessions. Ask the person at the device to open the Tandem tray app, or an admin to allow unattended sessions for its group.',
    });
  }
}

/**
 * Caps asked rights to what this device can do: view needs a screen, control needs input and view,
 * shell needs the terminal module. Answers the kept rights (in the contract's order) and why the
 * others were left out.
 */
export function rightsThisDeviceCanGrant(
  asked: readonly RemoteRight[],
  capabilities: DeviceCapabilities,
): { rights: RemoteRight[]; left: string[] } {
  const left: string[] = [];
  const why = (right: RemoteRight): string | null => {
    if (right === 'view' && !capabilities.screen.available) return capabilities.screen.reason;
    if (right === 'control' && !capabilities.input.available) return capabilities.input.reason;
    if (right === 'shell' && !capabilities.shell.available) return capabilities.shell.reason;
    return null;
  };
  const rights = REMOTE_RIGHTS.filter((right) => {
    if (!asked.includes(right)) return false;
    const reason = why(right);
    if (reason) left.push(`${right}: ${reason}`);
    return reason === null;
  });
  return { rights: normaliseRights(rights), left };
}

/** Keeps a set of rights coherent: no duplicates, contract order, no control without view. */
export function normaliseRights(rights: readonly RemoteRight[]): RemoteRight[] {
  const kept = REMOTE_RIGHTS.filter((r) => rights.includes(r));
  return kept.includes('control') && !kept.includes('view') ? kept.filter((r) => r !== 'control') : kept;
}
