import { describe, expect, it } from 'vitest';
import type { Menu, MenuItemConstructorOptions, NativeImage, Rectangle, Tray } from 'electron';
import { TrayService } from './tray-service';

/** A fake Tray: records what the service sets and lets the test click it. */
function fakeTray() {
  const calls: string[] = [];
  let click: (() => void) | null = null;
  const tray = {
    setToolTip: (t: string) => void calls.push(`tooltip:${t}`),
    setContextMenu: () => void calls.push('menu'),
    on: (event: string, listener: () => void) => void (event === 'click' && (click = listener)),
    getBounds: (): Rectangle => ({ x: 1800, y: 0, width: 24, height: 24 }),
    destroy: () => void calls.push('destroy'),
  };
  return { tray: tray as unknown as Tray, calls, click: () => click?.() };
}

describe('TrayService', () => {
  const setup = () => {
    const fake = fakeTray();
    const events: string[] = [];
    let template: MenuItemConstructorOptions[] = [];
    const service = new TrayService({
      createTray: () => (events.push('created'), fake.tray),
      buildMenu: (t) => ((template = t), {} as Menu),
      icon: {} as NativeImage,
      togglePopover: (anchor) => void events.push(`toggle@${anchor.x},${anchor.y}`),
      showPopover: () => void events.push('show'),
      quit: () => void events.push('quit'),
    });
    return { service, fake, events, menu: () => template };
  };

  it('creates one tray icon with a tooltip and a menu to open and quit', () => {
    const { service, fake, events, menu } = setup();
    service.start();
    service.start();
    expect(events).toEqual(['created']);
    expect(fake.calls).toEqual(['tooltip:Tandem IT help', 'menu']);
    expect(menu().map((i) => i.label ?? i.type)).toEqual(['Open Tandem', 'separator', 'Quit Tandem']);
    menu()[0]!.click!({} as never, undefined, {} as never);
    menu()[2]!.click!({} as never, undefined, {} as never);
    expect(events).toEqual(['created', 'show', 'quit']);
  });

  it('a click on the icon toggles the popover next to the icon', () => {
    const { service, fake, events } = setup();
    service.start();
    fake.click();
    expect(events).toEqual(['created', 'toggle@1800,0']);
  });

  it('stop removes the icon, and a new start makes a new one', () => {
    const { service, fake, events } = setup();
    service.start();
    service.stop();
    expect(fake.calls.at(-1)).toBe('destroy');
    service.start();
    expect(events).toEqual(['created', 'created']);
  });
});
