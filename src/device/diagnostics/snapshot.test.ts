import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticsSnapshot, isAvailable } from '../../shared/domain/diagnostics';
import { checkConnectivity, checkedSnapshot, takeDiagnosticsSnapshot } from './snapshot';

describe('diagnostics snapshot of this machine', () => {
  let server: Server;
  let url: string;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(req.url === '/api/health' ? 200 : 404).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('is one document of the shared schema, bounded in size, with the sections this Linux machine has', async () => {
    const snapshot = await takeDiagnosticsSnapshot({ checkUrls: [`${url}/api/health`] });
    expect(DiagnosticsSnapshot.parse(snapshot)).toEqual(snapshot);
    expect(JSON.stringify(snapshot).length).toBeLessThan(1024 * 1024);
    expect(snapshot.os).toMatchObject({ platform: 'linux', hostname: hostname() });
    expect(isAvailable(snapshot.memory) && snapshot.memory.totalBytes).toBeGreaterThan(0);
    expect(isAvailable(snapshot.uptimeSeconds) && snapshot.uptimeSeconds.seconds).toBeGreaterThan(0);
    expect(isAvailable(snapshot.processes) && snapshot.processes.items.length).toBeGreaterThan(0);
    // Top processes first: CPU use never rises down the list.
    const cpu = isAvailable(snapshot.processes) ? snapshot.processes.items.map((p) => p.cpuPercent) : [];
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a));
    // dpkg is on this Debian machine, and it lists itself.
    expect(isAvailable(snapshot.software) && snapshot.software.items.some((s) => s.name === 'dpkg')).toBe(true);
    // The log section is either lines or a sentence saying why not.
    expect(isAvailable(snapshot.logs) ? snapshot.logs.lines.length : snapshot.logs.unavailable.length).toBeGreaterThan(0);
  });

  it('checks connectivity to the given URL only', async () => {
    hits.length = 0;
    const snapshot = await takeDiagnosticsSnapshot({ checkUrls: [`${url}/api/health`] });
    expect(hits).toEqual(['/api/health']);
    expect(snapshot.connectivity).toEqual([
      { target: `${url}/api/health`, ok: true, status: 200, latencyMs: expect.any(Number), error: null },
    ]);
    expect(isAvailable(snapshot.network) && snapshot.network.some((i) => i.name === 'lo' && i.internal)).toBe(true);
  });

  it('reports an unreachable server as a failed check, not an error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const address = closed.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await checkConnectivity(`http://127.0.0.1:${port}/api/health`, 2000)).toEqual({
      target: `http://127.0.0.1:${port}/api/health`,
      ok: false,
      status: null,
      latencyMs: null,
      error: 'ECONNREFUSED',
    });
  });

  it('skips probes that take longer than their limit and says so, and still answers a valid document', async () => {
    // Which probes lose the race against 1 ms depends on the machine's load; that some do, does not.
    const snapshot = await takeDiagnosticsSnapshot({ probeTimeoutMs: 1 });
    const skipped = Object.values(snapshot).filter((v) => typeof v === 'object' && v !== null && 'unavailable' in v && / took longer than 1 ms and was skipped\.$/.test(String(v.unavailable)));
    expect(skipped.length).toBeGreaterThan(0);
    expect(DiagnosticsSnapshot.safeParse(snapshot).success).toBe(true);
  });
});

describe('a snapshot with odd readings', () => {
  it('leaves out only the sections whose values do not fit, with a sentence', async () => {
    const good = await takeDiagnosticsSnapshot({ probeTimeoutMs: 8000 });
    const draft: Record<string, unknown> = { ...good, memory: { totalBytes: Number.NaN, usedBytes: 1, availableBytes: 1, swapTotalBytes: 0, swapUsedBytes: 0 }, disks: [{ mount: '/' }] };
    const checked = checkedSnapshot(draft);
    expect(checked.memory).toEqual({ unavailable: 'The memory section held values out of range and was left out.' });
    expect(checked.disks).toEqual({ unavailable: 'The disks section held values out of range and was left out.' });
    expect(checked.os).toEqual(good.os);
    expect(checked.software).toEqual(good.software);
  });
});
