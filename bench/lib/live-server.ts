import { startTestServer } from '../../tests/fixtures/server';
import type { StoreKindUnderTest } from '../../tests/fixtures/stores';
import { seedHelpdesk, type SeedSize } from './seed';

/**
 * A Tandem server in a process of its own (started by sync-live.bench.ts over IPC), so that the
 * memory it reports is the server's alone: answers `memory` with process.memoryUsage() after a
 * full GC (run with --expose-gc), and `close` by closing.
 */
type Request = { type: 'memory' } | { type: 'close' };

const kind = (process.argv[2] ?? 'pglite') as StoreKindUnderTest;
const ts = await startTestServer(kind);
// The live feed reads changed rows from tables of this size: seed them as the first sync does.
const seed = JSON.parse(process.argv[3] ?? 'null') as SeedSize | null;
if (seed) await seedHelpdesk(ts.store.db, seed);
const send = (m: unknown) => process.send!(m);

process.on('message', (m: Request) => {
  if (m.type === 'memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    send({ type: 'memory', usage: process.memoryUsage(), gcRan: Boolean(gc) });
  } else if (m.type === 'close') {
    ts.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
});
// Never outlive the benchmark that started us.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', url: ts.url, pid: process.pid });
