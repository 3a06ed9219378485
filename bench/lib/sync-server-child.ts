/**
 * A seeded Tandem server in a process of its own, for sync.initial: the client being measured then
 * has its thread to itself, as a real client does (the server runs on another machine). Seeds the
 * helpdesk of `BENCH_SEED` (JSON: seedHelpdesk's sizes) into a fresh store of `BENCH_STORE`
 * (pglite | postgres), starts the server, prints one JSON line `{ url, seeded }`, and runs until
 * killed.
 */
import { startTestServer } from '../../tests/fixtures/server';
import type { StoreKindUnderTest } from '../../tests/fixtures/stores';
import { seedHelpdesk } from './seed';

const kind = process.env.BENCH_STORE as StoreKindUnderTest;
const size = JSON.parse(process.env.BENCH_SEED!) as Parameters<typeof seedHelpdesk>[1];
const ts = await startTestServer(kind);
const seeded = await seedHelpdesk(ts.store.db, size);
process.stdout.write(`${JSON.stringify({ url: ts.url, seeded })}\n`);
const stop = () => void ts.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
