import { describe, expect, it } from 'vitest';
import type { NativeImage } from 'electron';
import { UnreadBadge } from './unread-badge';

function setup(platform: NodeJS.Platform) {
  const calls: unknown[][] = [];
  const overlay = { overlay: true } as unknown as NativeImage;
  const badge = new UnreadBadge({
    platform,
    setBadgeCount: (n) => (calls.push(['count', n]), true),
    setOverlayIcon: (icon, description) => void calls.push(['overlay', icon, description]),
    overlayFor: () => overlay,
  });
  return { badge, calls, overlay };
}

describe('UnreadBadge', () => {
  it('sets the dock or launcher count on macOS and Linux, only when it changes', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const { badge, calls } = setup(platform);
      badge.set(3);
      badge.set(3);
      badge.set(0);
      expect(calls).toEqual([
        ['count', 3],
        ['count', 0],
      ]);
    }
  });

  it('uses a taskbar overlay with a description on Windows, cleared at zero', () => {
    const { badge, calls, overlay } = setup('win32');
    badge.set(2);
    badge.set(0);
    expect(calls).toEqual([
      ['overlay', overlay, '2 unread'],
      ['overlay', null, ''],
    ]);
  });

  it('never shows a negative or fractional count', () => {
    const { badge, calls } = setup('linux');
    badge.set(-4);
    badge.set(2.7);
    expect(calls).toEqual([['count', 2]]);
    expect(badge.current).toBe(2);
  });
});
