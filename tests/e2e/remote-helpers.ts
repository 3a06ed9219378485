import type { Page } from 'playwright-core';
import type { AgentProcess } from '../fixtures/agent-process';
import type { ApiClient } from '../fixtures/api';
import { openPainter } from '../../bench/lib/x11-painter';

/** Where the pointer is on an X display: one QueryPointer over the display's socket, no child process. */
export async function pointerAt(display: string): Promise<{ x: number; y: number }> {
  const x = await openPainter(display);
  try {
    return await x.pointer();
  } finally {
    x.close();
  }
}

/** Polls until `check` holds (or throws with `what`). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `#rrggbb` → [r, g, b]. */
export const rgbOf = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

// The node tsconfig has no DOM types: code run in the page is written as text.

/** The colour of the remote video at a fraction of its picture, read through a canvas. */
export function videoPixel(page: Page, fx: number, fy: number): Promise<{ w: number; h: number; rgb: [number, number, number] } | null> {
  return page.evaluate(`(() => {
    const v = document.querySelector('video.remote-video');
    if (!v || v.videoWidth === 0) return null;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const g = c.getContext('2d');
    g.drawImage(v, 0, 0);
    const d = g.getImageData(Math.floor(${fx} * (c.width - 1)), Math.floor(${fy} * (c.height - 1)), 1, 1).data;
    return { w: v.videoWidth, h: v.videoHeight, rgb: [d[0], d[1], d[2]] };
  })()`);
}

/** The page point over the remote video's picture at fractions (fx, fy) (object-fit: contain). */
export function videoPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  return page.evaluate(`(() => {
    const v = document.querySelector('video.remote-video');
    const r = v.getBoundingClientRect();
    const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
    const w = v.videoWidth * scale;
    const h = v.videoHeight * scale;
    return { x: r.left + (r.width - w) / 2 + ${fx} * w, y: r.top + (r.height - h) / 2 + ${fy} * h };
  })()`);
}

/** The text xterm.js shows in the visible terminal. */
export function terminalText(page: Page): Promise<string> {
  return page.evaluate(`Array.from(document.querySelectorAll('.remote-shell-panel')).filter((p) => !p.hidden).map((p) => p.querySelector('.xterm-rows')?.textContent ?? '').join('\\n')`);
}

/**
 * The page errors a remote suite fails on: every one. (The RxDB start-up errors once left out here,
 * "reading 'database'" during a reload, came from the console closing its local database under the
 * first sync; fixed in LocalDataContext, tested by tests/e2e/console-sync-start.test.ts.)
 */
export const pageErrors = (errors: string[]): string[] => errors;

/** Goes to an in-app path without reloading the page (as the console's own links do). */
export async function inApp(page: Page, path: string): Promise<void> {
  await page.evaluate(`history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`);
}

/** Waits until the agent enrolled as `name` is online with a screen and gives its device id; on timeout the error has the agent's last words. */
export async function onlineWithScreen(admin: ApiClient, name: string, agent: AgentProcess, timeoutMs = 30_000): Promise<string> {
  let deviceId = '';
  const online = async () => {
    const d = (await admin.get(`/api/devices?q=${encodeURIComponent(name)}`)).body.items?.[0];
    if (d?.online && d.capabilities?.screen.available) deviceId = d.id;
    return Boolean(deviceId);
  };
  // What the agent said by the time we gave up, not when we started waiting.
  await until(online, timeoutMs, 'the agent online with a screen').catch((err: Error) => {
    throw new Error(`${err.message} (agent said: ${agent.stdout.slice(-600)} ${agent.stderr.slice(-600)})`);
  });
  return deviceId;
}
