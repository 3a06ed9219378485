import pg from 'pg';
import { z } from 'zod';
import { InstanceBus, busRequest, busTopic } from '../src/server/bus/instance-bus';
import { openStore } from '../src/server/store/database';
import { POSTGRES_URL, STORE_KINDS, openTestStore } from '../tests/fixtures/stores';
import { emit, log, percentile, scaled, selected } from './lib/report';

/**
 * The instance bus between two server instances on one PostgreSQL database (two connection pools,
 * as two processes would have): an ask/answer round trip, measured against the floor of a bare
 * NOTIFY → LISTEN → NOTIFY → LISTEN round trip between two plain pg clients in the same run; and a
 * one-way message past NOTIFY's 8000-byte limit (it travels through a table row).
 */
export const BENCHES = ['server.bus'] as const;

if (!selected('server.bus')) process.exit(0);
if (!STORE_KINDS.includes('postgres')) {
  log('no PostgreSQL reachable: server.bus skipped');
  process.exit(0);
}

const N = scaled(500);
const quiet = { warn: () => {}, error: () => {} };
const store1 = await openTestStore('postgres');
const store2 = await openStore({ databaseUrl: POSTGRES_URL, dataDir: 'unused', schema: store1.schema });
const one = new InstanceBus(store1, quiet);
const two = new InstanceBus(store2, quiet);
await Promise.all([one.start(), two.start()]);

try {
  // ---- ask/answer round trip ----
  const Echo = busRequest('bench.echo', z.object({ n: z.number() }), z.object({ n: z.number() }));
  two.answer(Echo, async (q) => q);
  for (let i = 0; i < 20; i++) await one.ask(two.instanceId, Echo, { n: i }, 5_000);
  const ours: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await one.ask(two.instanceId, Echo, { n: i }, 5_000);
    ours.push(performance.now() - t);
  }

  // The floor: two plain clients ping-ponging NOTIFYs, no envelope, schema or bookkeeping.
  const a = new pg.Client({ connectionString: POSTGRES_URL });
  const b = new pg.Client({ connectionString: POSTGRES_URL });
  await Promise.all([a.connect(), b.connect()]);
  await a.query('listen bench_pong');
  await b.query('listen bench_ping');
  b.on('notification', (m) => void b.query('select pg_notify($1, $2)', ['bench_pong', m.payload ?? '']));
  const floor: number[] = [];
  for (let i = 0; i < N + 20; i++) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      a.once('notification', () => resolve());
      void a.query('select pg_notify($1, $2)', ['bench_ping', String(i)]);
    });
    if (i >= 20) floor.push(performance.now() - t);
  }
  await Promise.all([a.end(), b.end()]);

  for (const p of [50, 99] as const) {
    const value = percentile(ours, p);
    const peer = percentile(floor, p);
    emit({ bench: 'server.bus', metric: `ask_round_trip_p${p}`, value, unit: 'ms', peer: 'bare NOTIFY ping-pong', peer_value: peer, ratio: peer / value, n: N, env: { store: 'postgres' } });
  }

  // ---- a message over the NOTIFY limit ----
  const Big = busTopic('bench.big', z.object({ i: z.number(), text: z.string() }));
  const text = 'x'.repeat(64 * 1024);
  let arrived: (() => void) | null = null;
  two.subscribe(Big, () => arrived?.());
  const big: number[] = [];
  const small: number[] = [];
  for (let i = 0; i < Math.max(20, Math.round(N / 5)); i++) {
    for (const [list, body] of [[big, text], [small, 'x'.repeat(100)]] as const) {
      const t = performance.now();
      await new Promise<void>((resolve) => {
        arrived = resolve;
        void one.publish(Big, { i, text: body });
      });
      list.push(performance.now() - t);
    }
  }
  emit({
    bench: 'server.bus', metric: 'one_way_64KiB_p50', value: percentile(big, 50), unit: 'ms',
    peer: 'the same topic with 100 bytes (inline NOTIFY)', peer_value: percentile(small, 50), ratio: percentile(small, 50) / percentile(big, 50),
    n: big.length, env: { store: 'postgres', path: 'instance_bus_payloads row' },
  });
} finally {
  await one.stop();
  await two.stop();
  await store2.close();
  await store1.dispose();
}
