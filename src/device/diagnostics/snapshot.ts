import { uptime } from 'node:os';
import type si from 'systeminformation';
import { DIAGNOSTICS_LIMITS as LIMITS, DiagnosticsSnapshot, type ConnectivityCheck } from '../../shared/domain/diagnostics';
import { cap, clip, probe } from './bounded';
import { osFacts } from './os-facts';
import { siOnThread } from './si-thread';
import { installedSoftware } from './software';
import { recentLogLines } from './system-log';

export interface SnapshotOptions {
  /**
   * URLs to check connectivity to. Only the Tandem server's own URL belongs here: a device never
   * probes third-party hosts on its own.
   */
  checkUrls?: string[];
  /** Time limit of each probe; the whole snapshot takes about the slowest one. */
  probeTimeoutMs?: number;
  /** Reads the clock (tests pass a fixed one). */
  now?: () => Date;
}

/** Rounds for display; a reading that is not a finite number (a counter read mid-update) counts as 0. */
const round = (n: number, places = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** places) / 10 ** places : 0);
const finite = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/**
 * Builds a diagnostics snapshot. Probes run side by side, each with its own time limit and each
 * list capped (see DIAGNOSTICS_LIMITS), so the answer is bounded in time and size and never fails
 * as a whole: a section that cannot be read says why instead.
 */
export async function takeDiagnosticsSnapshot(options: SnapshotOptions = {}): Promise<DiagnosticsSnapshot> {
  const timeout = options.probeTimeoutMs ?? 8000;
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const [os, hardware, uptimeSeconds, cpu, memory, disks, network, connectivity, processes, services, software, logs] = await Promise.all([
    probe('The operating system', timeout, () => osFacts(timeout / 2)),
    probe('The hardware', timeout, async (signal) => {
      const [sys, c, m] = await Promise.all([siOnThread('system', [], signal), siOnThread('cpu', [], signal), siOnThread('mem', [], signal)]);
      return {
        manufacturer: clip(sys.manufacturer, 300),
        model: clip(sys.model, 300),
        cpuBrand: clip(`${c.manufacturer} ${c.brand}`.trim(), 300),
        cpuCores: Math.trunc(finite(c.cores)),
        cpuPhysicalCores: Math.trunc(finite(c.physicalCores)),
        memoryTotalBytes: finite(m.total),
      };
    }),
    probe('The uptime', timeout, async () => ({ seconds: finite(uptime()) })),
    probe('The CPU load', timeout, async (signal) => {
      const load = await siOnThread('currentLoad', [], signal);
      return { currentLoadPercent: round(load.currentLoad), perCorePercent: load.cpus.slice(0, 1024).map((c) => round(c.load)) };
    }),
    probe('The memory use', timeout, async (signal) => {
      const m = await siOnThread('mem', [], signal);
      return { totalBytes: finite(m.total), usedBytes: finite(m.active), availableBytes: finite(m.available), swapTotalBytes: finite(m.swaptotal), swapUsedBytes: finite(m.swapused) };
    }),
    probe('The disk use', timeout, async (signal) =>
      (await siOnThread('fsSize', [], signal)).slice(0, LIMITS.disks).map((d) => ({
        mount: clip(d.mount, 300),
        filesystem: clip(d.fs, 300),
        type: clip(d.type, 60),
        sizeBytes: finite(d.size),
        usedBytes: finite(d.used),
        usePercent: round(d.use ?? 0),
      })),
    ),
    probe('The network interfaces', timeout, async (signal) =>
      ((await siOnThread('networkInterfaces', [], signal)) as si.Systeminformation.NetworkInterfacesData[]).slice(0, LIMITS.interfaces).map((n) => ({
        name: clip(n.iface, 100),
        ip4: clip(n.ip4, 60),
        ip6: clip(n.ip6, 100),
        mac: clip(n.mac, 40),
        up: n.operstate === 'up' || (n.internal && n.ip4 !== ''),
        internal: n.internal,
        speedMbps: typeof n.speed === 'number' && Number.isFinite(n.speed) ? n.speed : null,
      })),
    ),
    probe('The connectivity check', timeout, () => Promise.all((options.checkUrls ?? []).slice(0, LIMITS.checks).map((url) => checkConnectivity(url, Math.min(timeout, 5000))))),
    probe('The process list', timeout, async (signal) => {
      const { list } = await siOnThread('processes', [], signal);
      const top = [...list].sort((a, b) => b.cpu - a.cpu || b.mem - a.mem);
      return cap(
        top.map((p) => ({
          pid: p.pid,
          name: clip(p.name, 200),
          command: clip(`${p.command} ${p.params}`.trim(), 500),
          user: clip(p.user, 100),
          cpuPercent: round(p.cpu),
          memoryPercent: round(p.mem),
          // systeminformation reports the resident size in KiB.
          memoryRssBytes: finite(p.memRss) * 1024,
        })),
        LIMITS.processes,
      );
    }),
    probe('The service list', timeout, async (signal) => {
      const list = await siOnThread('services', ['*'], signal);
      if (list.length === 0) throw new Error('the OS listed no services (no service manager we can ask)');
      return cap(list.map((s) => ({ name: clip(s.name, 200), running: s.running, startMode: clip(s.startmode ?? '', 40) })), LIMITS.services);
    }),
    probe('The installed software', timeout, async () => cap(await installedSoftware(timeout), LIMITS.software)),
    probe('The system log', timeout, () => recentLogLines(LIMITS.logLines, timeout)),
  ]);
  const draft: Record<string, unknown> = {
    schemaVersion: 1,
    takenAt: now().toISOString(),
    durationMs: Date.now() - started,
    os,
    hardware,
    uptimeSeconds,
    cpu,
    memory,
    disks,
    network,
    connectivity,
    processes,
    services,
    software,
    logs,
  };
  return checkedSnapshot(draft);
}

/**
 * The snapshot as the shared schema takes it. A section whose readings do not fit (an odd value
 * from the OS) is replaced by an `unavailable` marker rather than failing the whole snapshot.
 */
export function checkedSnapshot(draft: Record<string, unknown>): DiagnosticsSnapshot {
  let parsed = DiagnosticsSnapshot.safeParse(draft);
  for (let attempt = 0; !parsed.success && attempt < 3; attempt++) {
    const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')));
    for (const key of bad) {
      if (key in draft && !['schemaVersion', 'takenAt', 'durationMs'].includes(key)) {
        draft[key] = { unavailable: `The ${key} section held values out of range and was left out.` };
      }
    }
    parsed = DiagnosticsSnapshot.safeParse(draft);
  }
  if (!parsed.success) throw new Error('The diagnostics snapshot could not be built.');
  return parsed.data;
}

/** Whether the device reaches `url` (a GET, no body read beyond the status), and how fast. */
export async function checkConnectivity(url: string, timeoutMs: number): Promise<ConnectivityCheck> {
  const started = performance.now();
  try {
    const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return { target: clip(url, 500), ok: res.status < 500, status: res.status, latencyMs: round(performance.now() - started, 2), error: null };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const message = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause ?? (err instanceof Error ? err.message : String(err)));
    return { target: clip(url, 500), ok: false, status: null, latencyMs: null, error: clip(message, 300) };
  }
}
