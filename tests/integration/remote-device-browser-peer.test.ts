import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import wrtc from '@roamhq/wrtc';
import { createNodePeer } from '../../src/device/remote/node-peer';
import type { PeerMediaStream, RemotePeer } from '../../src/shared/remote/peer';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { until } from '../fixtures/remote-console';

const ROOT = join(import.meta.dirname, '../..');
// Page-side code below runs in Chromium, where `window` is the page's.
declare const window: any;

/**
 * RemotePeer as the console uses it — built by vite with `simple-peer/simplepeer.min.js`, running
 * in Chromium — against the device's RemotePeer in Node over wrtc: negotiated channels, the
 * session channel and the screen track all cross between the two implementations.
 */
describe.skipIf(!chromiumAvailable)('RemotePeer in Chromium (vite bundle) ↔ Node device peer', () => {
  let browser: Browser;
  let dir: string;
  let bundle: string;
  let device: RemotePeer | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-browser-peer-'));
    await build({
      root: ROOT,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: dir, emptyOutDir: true, minify: false, lib: { entry: join(ROOT, 'tests/fixtures/remote-browser-peer-entry.ts'), formats: ['iife'], name: 'peerEntry', fileName: () => 'peer.js' } },
    });
    bundle = join(dir, 'peer.js');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    device?.close();
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('connects, carries messages both ways on the session and negotiated channels, and the video track', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await page.setContent('<!doctype html><title>peer</title>');
    const source = new wrtc.nonstandard.RTCVideoSource();
    const track = source.createTrack();
    const { MediaStream } = wrtc as unknown as { MediaStream: new (t: unknown[]) => PeerMediaStream };
    device = createNodePeer({ initiator: true, iceServers: [], rights: ['view', 'shell'], stream: new MediaStream([track]) });
    const fromBrowser: unknown[] = [];
    device.on('shell', (m) => fromBrowser.push(m));
    await page.exposeFunction('sendSignal', (s: any) => device!.signal(s));
    await page.addScriptTag({ path: bundle });
    await page.evaluate(() => window.startConsolePeer());
    device.onSignal((s) => void page.evaluate((sig) => window.consolePeer.signal(sig), s as any));

    const frames = setInterval(() => source.onFrame({ width: 64, height: 48, data: new Uint8Array(64 * 48 * 1.5).fill(128) }), 50);
    try {
      await until(() => device!.state === 'connected', 15_000, 'the device peer to connect').catch(async (err: Error) => {
        throw new Error(`${err.message}; device ${device!.state}; page errors ${JSON.stringify(pageErrors)}; page saw ${JSON.stringify(await page.evaluate(() => window.seen))}`);
      });
      device.send('session', { t: 'hello', rights: ['view', 'shell'], deviceName: 'node-device', monitors: [], monitor: null, maxFileBytes: 1 });
      device.send('shell', { t: 'opened', tab: 't1', replay: '' });
      await until(() => fromBrowser.length > 0, 10_000, 'a shell message from the browser');
      expect(fromBrowser).toEqual([{ t: 'input', tab: 't1', data: 'from the browser' }]);
      await until(async () => (await page.evaluate(() => window.trackKind)) === 'video', 10_000, 'the video track in the browser');
      const seen = await page.evaluate(() => window.seen);
      expect(seen).toEqual(expect.arrayContaining([{ state: 'connected' }, expect.objectContaining({ t: 'hello', deviceName: 'node-device' }), { t: 'opened', tab: 't1', replay: '' }]));
      expect(seen.filter((s: any) => s.dropped)).toEqual([]);
    } finally {
      clearInterval(frames);
      track.stop();
      await page.close();
    }
  }, 60_000);
});
