import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InstanceBus, busRequest, busTopic } from '../../src/server/bus/instance-bus';
import { instanceDb } from '../../src/server/bus/tables';
import { openStore, type Store } from '../../src/server/store/database';
import { TandemError } from '../../src/shared/errors';
import { POSTGRES_URL, STORE_KINDS, openTestStore, type TestStore } from '../fixtures/stores';
import { eventually } from '../fixtures/sync-client';

const quiet = { warn: () => {}, error: () => {} };
const Note = busTopic('test.note', z.object({ n: z.number().int(), text: z.string() }));
const Sum = busRequest('test.sum', z.object({ a: z.number(), b: z.number() }), z.object({ sum: z.number() }));

/**
 * The instance bus between two instances on one store: PostgreSQL (two connection pools, NOTIFY)
 * and PGlite (in process). Each bus is what one server instance would run.
 */
describe.each(STORE_KINDS)('instance bus on %s', (kind) => {
  let store1: TestStore;
  let store2: Store;
  let one: InstanceBus;
  let two: InstanceBus;

  beforeAll(async () => {
    store1 = await openTestStore(kind);
    // PostgreSQL: the second instance opens the database on its own, as another process would.
    store2 = kind === 'postgres' ? await openStore({ databaseUrl: POSTGRES_URL, dataDir: 'unused', schema: store1.schema }) : store1;
    one = new InstanceBus(store1, quiet);
    two = new InstanceBus(store2, quiet);
    await Promise.all([one.start(), two.start()]);
  }, 180_000);
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    if (store2 !== store1) await store2?.close();
    await store1?.dispose();
  }, 60_000);

  it('delivers a message to the other instance, in order, and not back to its sender', async () => {
    const atTwo: number[] = [];
    const atOne: number[] = [];
    const stopTwo = two.subscribe(Note, (m, meta) => {
      expect(meta.from).toBe(one.instanceId);
      atTwo.push(m.n);
    });
    const stopOne = one.subscribe(Note, (m) => atOne.push(m.n));
    try {
      await Promise.all(Array.from({ length: 40 }, (_, n) => one.publish(Note, { n, text: `note ${n}` })));
      await eventually(() => expect(atTwo).toHaveLength(40));
      expect(atTwo).toEqual(Array.from({ length: 40 }, (_, n) => n));
      expect(atOne).toEqual([]);
    } finally {
      stopTwo();
      stopOne();
    }
  });

  it('sends to one instance only when told which', async () => {
    const three = new InstanceBus(store1, quiet);
    await three.start();
    const got: string[] = [];
    const stops = [two.subscribe(Note, () => got.push('two')), three.subscribe(Note, () => got.push('three'))];
    try {
      await one.publish(Note, { n: 1, text: 'for three' }, { to: three.instanceId });
      await eventually(() => expect(got).toEqual(['three']));
      await new Promise((r) => setTimeout(r, 200));
      expect(got).toEqual(['three']);
      expect((await one.liveInstanceIds()).sort()).toEqual([one.instanceId, two.instanceId, three.instanceId].sort());
    } finally {
      for (const stop of stops) stop();
      await three.stop();
    }
    expect(await one.liveInstanceIds()).not.toContain(three.instanceId);
  });

  it('carries a message larger than a NOTIFY payload (8000 bytes)', async () => {
    const text = 'ü'.repeat(30_000); // 60,000 bytes of UTF-8
    let got: string | null = null;
    const stop = two.subscribe(Note, (m) => (got = m.text));
    try {
      await one.publish(Note, { n: 7, text });
      await eventually(() => expect(got).toBe(text));
      if (kind === 'postgres') {
        // It travelled as a row, which stays for late readers until swept.
        const rows = await instanceDb(store1.db).selectFrom('instance_bus_payloads').select('body').execute();
        expect(rows.some((r) => r.body.includes('üüü'))).toBe(true);
      }
    } finally {
      stop();
    }
  });

  it('drops a message whose body does not match its topic', async () => {
    const got: unknown[] = [];
    const stop = two.subscribe(Note, (m) => got.push(m));
    const Loose = busTopic('test.note', z.unknown());
    try {
      await one.publish(Loose, { n: 'not a number' });
      await one.publish(Note, { n: 2, text: 'fine' });
      await eventually(() => expect(got).toEqual([{ n: 2, text: 'fine' }]));
    } finally {
      stop();
    }
  });

  it('answers a question, passes a refusal on with its code and sentence, and times out on a missing instance', async () => {
    two.answer(Sum, async ({ a, b }) => {
      if (a < 0) throw new TandemError('forbidden', 'Only positive numbers here.');
      return { sum: a + b };
    });
    expect(await one.ask(two.instanceId, Sum, { a: 2, b: 3 }, 5_000)).toEqual({ sum: 5 });
    await expect(one.ask(two.instanceId, Sum, { a: -1, b: 3 }, 5_000)).rejects.toMatchObject({ code: 'forbidden', message: 'Only positive numbers here.' });
    const started = Date.now();
    await expect(one.ask(randomUUID(), Sum, { a: 1, b: 1 }, 300)).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    // A question nobody there answers is refused rather than left to time out.
    const Unknown = busRequest('test.unknown', z.object({}), z.object({}));
    await expect(one.ask(two.instanceId, Unknown, {}, 5_000)).rejects.toMatchObject({ code: 'not_ready' });
  });
});
