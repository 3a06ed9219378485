import { describe, expect, it } from 'vitest';
import { DeepLinks, consolePathOf, deepLinkIn, type DeepLinkDeps } from './deep-links';

describe('consolePathOf', () => {
  it.each([
    ['tandem://ticket/T-1042', '/tickets/T-1042'],
    ['tandem://ticket/1042', '/tickets/T-1042'],
    ['tandem://ticket/t-7/', '/tickets/T-7'],
    ['tandem://ticket/T-1042?x=1', '/tickets/T-1042'],
  ])('%s → %s', (link, path) => expect(consolePathOf(link)).toBe(path));

  it.each(['tandem://ticket/', 'tandem://ticket/abc', 'tandem://ticket/T-1/extra', 'tandem://settings', 'https://ticket/T-1', 'tandem://ticket/%2e%2e', 'nonsense'])(
    'ignores %s',
    (link) => expect(consolePathOf(link)).toBeNull(),
  );
});

describe('deepLinkIn', () => {
  it('finds the link among Chromium switches (Windows and Linux pass it in argv)', () => {
    expect(deepLinkIn(['/usr/bin/tandem-console', '--allow-file-access', 'tandem://ticket/T-5'])).toBe('tandem://ticket/T-5');
    expect(deepLinkIn(['/usr/bin/tandem-console'])).toBeNull();
  });
});

/** A fake of Electron's app: records registrations, lets the test fire its events. */
function fakeApp() {
  const listeners = new Map<string, (...args: never[]) => void>();
  const registered: unknown[][] = [];
  const app = {
    setAsDefaultProtocolClient: (...args: unknown[]) => (registered.push(args), true),
    on: (event: string, listener: (...args: never[]) => void) => listeners.set(event, listener),
  } as unknown as DeepLinkDeps['app'];
  const fire = (event: string, ...args: unknown[]) => (listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
  return { app, registered, fire };
}

function setup(overrides: Partial<DeepLinkDeps> = {}) {
  const { app, registered, fire } = fakeApp();
  const opened: string[] = [];
  let focused = 0;
  const links = new DeepLinks({
    app,
    open: (path) => opened.push(path),
    focus: () => void focused++,
    defaultApp: false,
    execPath: '/opt/Tandem/tandem-console',
    mainScript: undefined,
    ...overrides,
  });
  return { links, registered, fire, opened, focused: () => focused };
}

describe('DeepLinks', () => {
  it('registers the tandem scheme (packaged: the app itself; development: electron with the main script)', () => {
    const packaged = setup();
    packaged.links.register([]);
    expect(packaged.registered).toEqual([['tandem']]);
    const dev = setup({ defaultApp: true, execPath: '/x/electron', mainScript: '/x/out/main/console.js' });
    dev.links.register([]);
    expect(dev.registered).toEqual([['tandem', '/x/electron', ['/x/out/main/console.js']]]);
  });

  it('a link on the first start becomes the initial path, not a navigation', () => {
    const s = setup();
    s.links.register(['/opt/Tandem/tandem-console', 'tandem://ticket/T-1042']);
    expect(s.links.takeInitialPath()).toBe('/tickets/T-1042');
    s.links.windowReady();
    expect(s.opened).toEqual([]);
  });

  it('a second instance with a link navigates the window; without one it only focuses', () => {
    const s = setup();
    s.links.register([]);
    s.links.windowReady();
    s.fire('second-instance', {}, ['/opt/Tandem/tandem-console', 'tandem://ticket/T-77']);
    expect(s.opened).toEqual(['/tickets/T-77']);
    s.fire('second-instance', {}, ['/opt/Tandem/tandem-console']);
    expect(s.focused()).toBe(1);
    s.fire('second-instance', {}, ['/opt/Tandem/tandem-console', 'tandem://admin/users']);
    expect(s.opened).toEqual(['/tickets/T-77']);
    expect(s.focused()).toBe(2);
  });

  it("macOS open-url before the window exists waits for it; the event's default is prevented", () => {
    const s = setup();
    s.links.register([]);
    let prevented = false;
    s.fire('open-url', { preventDefault: () => (prevented = true) }, 'tandem://ticket/T-9');
    expect(prevented).toBe(true);
    expect(s.opened).toEqual([]);
    s.links.windowReady();
    expect(s.opened).toEqual(['/tickets/T-9']);
  });
});
