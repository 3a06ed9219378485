import { describe, expect, it } from 'vitest';
import { AppOrigin } from './app-origin';
import { IpcRouter } from './ipc-router';

type Listener = (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>;

/** A fake ipcMain: keeps the handlers so the test can invoke them as a renderer would. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handle: (channel: string, listener: Listener) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel),
    invoke: (channel: string, url: string | null, payload?: unknown) =>
      handlers.get(channel)!({ senderFrame: url === null ? null : { url } }, payload),
    handlers,
  };
}

describe('IpcRouter', () => {
  const setup = () => {
    const ipc = fakeIpcMain();
    const logged: string[] = [];
    const notified: unknown[] = [];
    const router = new IpcRouter(ipc as never, new AppOrigin(null), (m) => logged.push(m));
    router.serve({ 'app:notify': (n) => void notified.push(n), 'app:getVersion': () => '1.2.3' });
    return { ipc, logged, notified, router };
  };

  it('runs a valid call from the app page', async () => {
    const { ipc, notified } = setup();
    expect(await ipc.invoke('app:getVersion', 'app://tandem/tray/index.html')).toBe('1.2.3');
    await ipc.invoke('app:notify', 'app://tandem/tray/index.html', { title: 'New reply', body: 'T-5' });
    expect(notified).toEqual([{ title: 'New reply', body: 'T-5' }]);
  });

  it('refuses any other frame before looking at the payload', async () => {
    const { ipc, logged, notified } = setup();
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', null]) {
      await expect(ipc.invoke('app:notify', url, { title: 'x', body: '' })).rejects.toThrow(
        'This page may not use the app.',
      );
    }
    expect(notified).toEqual([]);
    expect(logged).toEqual([
      'refused app:notify from https://evil.example/',
      'refused app:notify from file:///tmp/x.html',
      'refused app:notify from an unknown frame',
    ]);
  });

  it('refuses a payload the contract does not allow, and a channel this app does not offer', async () => {
    const { ipc, notified } = setup();
    await expect(
      ipc.invoke('app:notify', 'app://tandem/tray/index.html', { title: '', body: 'x' }),
    ).rejects.toThrow();
    await expect(
      ipc.invoke('app:notify', 'app://tandem/tray/index.html', { title: 'x', body: 'y', html: '<b>' }),
    ).rejects.toThrow();
    await expect(ipc.invoke('device:diagnostics', 'app://tandem/tray/index.html')).rejects.toThrow(
      'This app does not offer that function.',
    );
    expect(notified).toEqual([]);
  });

  it('registers every channel of the contract and removes them on stop', () => {
    const { ipc, router } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(
      [
        'app:getServerUrl',
        'app:getVersion',
        'app:notify',
        'app:openExternal',
        'app:setBadgeCount',
        'auth:load',
        'auth:save',
        'device:diagnostics',
        'device:screenshot',
        'session:nextPrompt',
        'session:answer',
        'session:current',
        'session:end',
        'session:setViewOnly',
        'session:chat',
      ].sort(),
    );
    router.stop();
    expect(ipc.handlers.size).toBe(0);
  });
});
