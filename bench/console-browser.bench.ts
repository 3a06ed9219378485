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
  const docs = N + seeded.events + seeded.users;
  emit({ bench: 'console.render', metric: 'first_sync', value: firstSyncMs, unit: 'ms', n: docs, env: { browser: 'chromium', storage: 'dexie/indexeddb' } });
  log(`first sync ${(firstSyncMs / 1000).toFixed(1)} s`);

  // The floor beside it: the same rows, read back from RxDB's IndexedDB databases, written raw
  // (IndexedDB put, no library) into fresh databases with the same stores and indexes, one
  // transaction per 2,000 rows, every collection at once as the first sync writes them.
  // A string, not a function (see below).
  const floor = (await page.evaluate(`(async () => {
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const done = (tx) => new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = tx.onabort = () => fail(tx.error); });
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n && n.startsWith('rxdb-dexie-'));
    const sources = [];
    for (const name of names) {
      const db = await req(indexedDB.open(name));
      for (const store of db.objectStoreNames) {
        const tx = db.transaction(store, 'readonly');
        const os = tx.objectStore(store);
        const indexes = [...os.indexNames].map((i) => { const ix = os.index(i); return { name: i, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry }; });
        const rows = await req(os.getAll());
        if (rows.length) sources.push({ store, keyPath: os.keyPath, autoIncrement: os.autoIncrement, indexes, rows });
      }
      db.close();
    }
    const made = [];
    const start = performance.now();
    await Promise.all(sources.map(async (src, n) => {
      const name = 'tandem-bench-floor-' + n;
      made.push(name);
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        const os = open.result.createObjectStore(src.store, { keyPath: src.keyPath, autoIncrement: src.autoIncrement });
        for (const i of src.indexes) os.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      };
      const db = await req(open);
      for (let i = 0; i < src.rows.length; i += 2000) {
        const tx = db.transaction(src.store, 'readwrite');
        const os = tx.objectStore(src.store);
        for (const row of src.rows.slice(i, i + 2000)) os.put(row);
        await done(tx);
      }
      db.close();
    }));
    const ms = performance.now() - start;
    for (const name of made) await req(indexedDB.deleteDatabase(name));
    return { ms, rows: sources.reduce((a, s) => a + s.rows.length, 0), stores: sources.length };
  })()`)) as { ms: number; rows: number; stores: number };
  const rate = docs / (firstSyncMs / 1000);
  const floorRate = floor.rows / (floor.ms / 1000);
  emit({
    bench: 'console.render',
    metric: 'first_sync_rate',
    value: rate,
    unit: 'docs/s',
    peer: 'raw IndexedDB put of the same rows, same stores and indexes',
    peer_value: floorRate,
    ratio: rate / floorRate,
    n: docs,
    env: { browser: 'chromium', includes: 'sign-in, server reads, HTTP, the queue drawing meanwhile', floor_note: 'written right after the sync, while the search worker indexes', floor_rows: floor.rows, floor_stores: floor.stores, floor_ms: Math.round(floor.ms) },
  });

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
