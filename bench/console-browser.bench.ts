import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromiumAvailable, launchChromium } from '../tests/fixtures/browser';
import { ADMIN, startTestServer } from '../tests/fixtures/server';
import { snapshotWebBuild } from '../tests/fixtures/web-build';
import { emit, log, percentile, scaled, selected } from './lib/report';
import { seedHelpdesk } from './lib/seed';

/**
 * The console in Debian's Chromium with 100,000 tickets in its local database: the first sync of
 * them through the page's SyncSession, the time from opening the queue to the first rows painted,
 * frame times while scrolling the whole list, a j press, and a search (timed in the page, and with
 * Playwright's round trip).
 */
export const BENCHES = ['console.render'] as const;

if (!selected('console.render')) process.exit(0);
if (!chromiumAvailable) {
  log('no /usr/bin/chromium: console.render skipped');
  process.exit(0);
}

const N = scaled(100_000);
const root = resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.web.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
// A copy of its own: out/web is rebuilt by every test run on the machine, and a reload in the
// middle of a rebuild would load half-written assets.
const webCopy = snapshotWebBuild();
process.env.TANDEM_WEB_ROOT = webCopy;

const ts = await startTestServer('pglite');
const browser = await launchChromium();
try {
  const seeded = await seedHelpdesk(ts.store.db, { tickets: N, eventsPerTicket: 1, requesters: 2_000, agents: 40, groups: 12 });
  log(`seeded ${seeded.tickets} tickets, ${seeded.events} events`);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  const total = N.toLocaleString('en-US');

  // First sync: sign in and wait until the queue counts every ticket.
  await page.goto(`${ts.url}/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  const t0 = performance.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.queue-count', { hasText: new RegExp(`^${total} tickets`) }).waitFor();
  const firstSyncMs = performance.now() - t0;
  emit({ bench: 'console.render', metric: 'first_sync', value: firstSyncMs, unit: 'ms', n: N + seeded.events + seeded.users, env: { browser: 'chromium', storage: 'dexie/indexeddb' } });
  log(`first sync ${(firstSyncMs / 1000).toFixed(1)} s`);

  // Time to first paint of the queue, from a reload with everything already local.
  const paints: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await page.locator('[role=grid] [role=row][aria-rowindex="2"]').waitFor();
    paints.push(await page.evaluate(() => performance.now()));
  }
  await page.locator('.queue-count', { hasText: new RegExp(`^${total} tickets`) }).waitFor();
  // The page's own marks of its start (database open, newest tickets, every ticket), last reload.
  const marks = Object.fromEntries(
    (await page.evaluate(`performance.getEntriesByType('mark').filter((m) => m.name.startsWith('tandem:')).map((m) => [m.name.slice(7), Math.round(m.startTime)])`)) as Array<[string, number]>,
  );
  emit({ bench: 'console.render', metric: 'queue_first_paint', value: percentile(paints, 50), unit: 'ms', n: N, p50: percentile(paints, 50), env: { from: 'navigation start', runs: paints.length, marks } });
  emit({ bench: 'console.render', metric: 'all_tickets_shown', value: await page.evaluate(() => performance.now()), unit: 'ms', n: N, env: { from: 'navigation start', note: 'an upper bound: read once the count showed every ticket' } });
  // The search index fills in slices after the first paint; scrolling is measured once it is done.
  await page.locator('#queue-search-hint', { hasNotText: 'Indexing' }).waitFor();
  emit({ bench: 'console.render', metric: 'search_ready', value: await page.evaluate(() => performance.now()), unit: 'ms', n: N, env: { from: 'navigation start' } });

  // Scroll the whole list in 3 s while recording every frame's duration.
  // A string, not a function: tsx's transform would add helpers the page does not have.
  const frames = (await page.evaluate(`(async () => {
    const body = document.querySelector('.ticket-grid-body');
    const deltas = [];
    let last = performance.now();
    const start = last;
    await new Promise((done) => {
      const step = (now) => {
        deltas.push(now - last);
        last = now;
        const f = Math.min(1, (now - start) / 3000);
        body.scrollTop = f * (body.scrollHeight - body.clientHeight);
        if (f < 1) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    return deltas.slice(1);
  })()`)) as number[];
  for (const p of [50, 95, 99] as const) emit({ bench: 'console.render', metric: `scroll_frame_p${p}`, value: percentile(frames, p), unit: 'ms', n: N, env: { frames: frames.length, headless: true } });
  emit({ bench: 'console.render', metric: 'scroll_frame_max', value: Math.max(...frames), unit: 'ms', n: N });

  // j presses: how long until the next row is marked active.
  const keys: number[] = [];
  await page.locator('[role=grid]').focus();
  for (let i = 0; i < 20; i++) {
    const a = performance.now();
    await page.keyboard.press('j');
    await page.locator(`[role=row][aria-current=true][aria-rowindex="${i + 3}"]`).waitFor();
    keys.push(performance.now() - a);
  }
  emit({ bench: 'console.render', metric: 'key_j_p50', value: percentile(keys, 50), unit: 'ms', n: N, env: { includes: 'playwright round trip' } });

  // A search over every ticket: from the input event to the count naming the hits, timed in the
  // page (Playwright's own waits poll with back-off, which was most of the old round-trip figure),
  // and to the next frame after it, when the matching rows are painted.
  const toCount: number[] = [];
  const toPaint: number[] = [];
  const roundTrip: number[] = [];
  for (const q of ['floor 3', 'asset 10042', 'jams', 'printer', 'vpn drops']) {
    await page.locator('#queue-search').fill('');
    await page.locator('.queue-count', { hasText: new RegExp(`^${total} tickets`) }).waitFor();
    // A string, not a function (see above). Resolves with [input → count, input → next frame].
    const timed = page.evaluate(`new Promise((done) => {
      let input = 0;
      document.addEventListener('input', () => { input = performance.now(); }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const count = document.querySelector('.queue-count');
        if (!input || !count || !count.textContent.includes(' of ')) return;
        const shown = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => done([shown - input, performance.now() - input]), 0));
      });
      observer.observe(document.body, { childList: true, characterData: true, subtree: true });
    })`) as Promise<[number, number]>;
    const a = performance.now();
    await page.locator('#queue-search').fill(q);
    const [count, paint] = await timed;
    roundTrip.push(performance.now() - a);
    toCount.push(count);
    toPaint.push(paint);
  }
  const env = { queries: toCount.length, from: 'the input event, in the page' };
  emit({ bench: 'console.render', metric: 'search_to_count_p50', value: percentile(toCount, 50), unit: 'ms', n: N, env });
  emit({ bench: 'console.render', metric: 'search_to_rows_painted_p50', value: percentile(toPaint, 50), unit: 'ms', n: N, env: { ...env, max: Math.max(...toPaint) } });
  emit({ bench: 'console.render', metric: 'search_round_trip_p50', value: percentile(roundTrip, 50), unit: 'ms', n: N, env: { includes: 'playwright round trip', queries: roundTrip.length } });
  await context.close();
} finally {
  await browser.close();
  await ts.close();
  rmSync(webCopy, { recursive: true, force: true });
}
