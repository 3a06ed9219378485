import type { DeviceCapabilities } from '../../../shared/device-protocol';
import { REMOTE_RIGHTS, type RemoteRight } from '../../../shared/domain/remote-session';

/** What each right needs the device to offer (as the server checks it); files and chat need only the link. */
const NEEDS: Partial<Record<RemoteRight, Array<keyof DeviceCapabilities>>> = {
  view: ['screen'],
  control: ['screen', 'input'],
  shell: ['shell'],
  diagnostics: ['diagnostics'],
};

/**
 * The rights a request dialog offers: those the group policy allows and the device says it can
 * serve (unknown capabilities — not connected yet — leave the policy to decide), with the reason
 * for each one left out.
 */
export function offerableRights(policy: readonly RemoteRight[], capabilities: DeviceCapabilities | null): Map<RemoteRight, string | null> {
  const offer = new Map<RemoteRight, string | null>();
  for (const right of REMOTE_RIGHTS) {
    if (!policy.includes(right)) {
      offer.set(right, 'policy');
      continue;
    }
    const lacking = capabilities ? (NEEDS[right] ?? []).find((need) => !capabilities[need].available) : undefined;
    const why = lacking && capabilities ? capabilities[lacking] : null;
    offer.set(right, why && !why.available ? why.reason : null);
  }
  return offer;
}
