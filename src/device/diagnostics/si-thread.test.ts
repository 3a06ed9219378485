import { describe, expect, it } from 'vitest';
import { siOnThread, type SiCall } from './si-thread';

describe('systeminformation on the diagnostics thread', () => {
  it('answers the readers diagnostics use, several side by side', async () => {
    const [mem, load, fs] = await Promise.all([siOnThread('mem', []), siOnThread('currentLoad', []), siOnThread('fsSize', [])]);
    expect(mem.total).toBeGreaterThan(0);
    // Sampled over a short window on the thread, not since boot: a number for every core.
    expect(load.cpus.length).toBeGreaterThan(0);
    expect(fs.some((d) => d.mount === '/')).toBe(true);
  });

  it('refuses a reader it was not built for (the thread runs only the listed ones)', async () => {
    await expect(siOnThread('dockerAll' as SiCall, [])).rejects.toThrow('not a diagnostics call: dockerAll');
    // …and still answers after.
    expect((await siOnThread('mem', [])).total).toBeGreaterThan(0);
  });

  it('stops waiting when the signal fires, and the thread keeps answering', async () => {
    const stop = new AbortController();
    const slow = siOnThread('processes', [], stop.signal);
    stop.abort();
    await expect(slow).rejects.toThrow('over its time limit');
    await expect(siOnThread('mem', [], AbortSignal.abort())).rejects.toThrow('stopped before it started');
    expect((await siOnThread('mem', [])).total).toBeGreaterThan(0);
  });
});
