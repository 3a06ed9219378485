import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppOrigin } from './app-origin';
import { AppProtocol, appFileFor } from './app-protocol';

const ROOT = '/opt/tandem/renderer';

describe('appFileFor', () => {
  it.each([
    ['app://tandem/tray/index.html', `${ROOT}/tray/index.html`],
    ['app://tandem/assets/tray-1a2b.js?x=1#top', `${ROOT}/assets/tray-1a2b.js`],
    ['app://tandem/console/', `${ROOT}/console/index.html`],
    // The URL parser folds dot segments before we see them, keeping them inside the root.
    ['app://tandem/../../etc/passwd', `${ROOT}/etc/passwd`],
    ['app://tandem/%2e%2e/%2e%2e/etc/passwd', `${ROOT}/etc/passwd`],
  ])('%s → %s', (url, file) => expect(appFileFor(ROOT, url)).toBe(file));

  it.each([
    'app://tandem/..%2f..%2fetc/passwd',
    'app://tandem/a%00.html',
    'app://tandem/..%5c..%5cwindows',
    'app://tandem/%E0%A4%A',
    'app://other/tray/index.html',
    'app://tandem.evil/tray/index.html',
    'file:///opt/tandem/renderer/tray/index.html',
    'https://tandem/tray/index.html',
    'not a url',
  ])('refuses %s', (url) => expect(appFileFor(ROOT, url)).toBeNull());
});

describe('AppProtocol', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-app-protocol-'));
    await mkdir(join(dir, 'tray'));
    await writeFile(join(dir, 'tray/index.html'), '<h1>tray</h1>');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('registers the app scheme and serves files only from the renderer folder', async () => {
    const handled: string[] = [];
    const fetched: string[] = [];
    const protocol = { handle: (scheme: string) => void handled.push(scheme), unhandle: (scheme: string) => void handled.push(`-${scheme}`) };
    const served = new AppProtocol(protocol, dir, async (url) => {
      fetched.push(url);
      return new Response('<h1>tray</h1>', { status: 200 });
    });
    served.start();
    expect(handled).toEqual(['app']);
    const ok = await served.answer('app://tandem/tray/index.html');
    expect(ok.status).toBe(200);
    expect(fetched).toEqual([pathToFileURL(join(dir, 'tray/index.html')).href]);
    const refused = await served.answer('app://tandem/..%2fsecret');
    expect(refused.status).toBe(404);
    expect(fetched).toHaveLength(1);
    served.stop();
    expect(handled).toEqual(['app', '-app']);
  });
});

describe('AppOrigin', () => {
  const withServer = new AppOrigin('https://help.example.com');
  const bundledOnly = new AppOrigin(null);
  it.each([
    [withServer, 'app://tandem/console/index.html#/queue', true],
    [withServer, 'https://help.example.com/queue', true],
    [withServer, 'https://help.example.com.evil.net/', false],
    [withServer, 'http://help.example.com/', false],
    [bundledOnly, 'app://tandem/tray/index.html', true],
    [bundledOnly, 'https://help.example.com/', false],
    [bundledOnly, 'app://tandem.evil/tray/index.html', false],
    [bundledOnly, 'app://user@tandem/tray/index.html', false],
    [bundledOnly, 'file:///opt/tandem/renderer/tray/index.html', false],
    [bundledOnly, '', false],
  ])('%#: %s → %s', (origin, url, expected) => expect(origin.includes(url)).toBe(expected));
});
