import { z } from 'zod';
import { Timestamp } from './common';

/**
 * A diagnostics snapshot of one device: one typed document that the device builds, the server
 * passes on, and the console and tray show. Every section can be missing on a given machine (no
 * permission, no such tool, probe timed out), so each is either its data or an `unavailable`
 * marker with a sentence saying why — a snapshot is never refused because one probe failed.
 */

/** Caps that keep a snapshot small enough to send and show; the device trims to them. */
export const DIAGNOSTICS_LIMITS = {
  processes: 25,
  services: 300,
  software: 3000,
  logLines: 200,
  logLineChars: 500,
  interfaces: 32,
  disks: 32,
  checks: 8,
} as const;

/** A section that could not be read, and why (shown to the user as is). */
export const Unavailable = z.object({ unavailable: z.string().max(300) });
export type Unavailable = z.infer<typeof Unavailable>;

/** A section's data, or why it is missing. */
const section = <T extends z.ZodType>(data: T) => z.union([data, Unavailable]);

const text = (max = 300) => z.string().max(max);
const num = z.number();

export const OsInfo = z.object({
  platform: text(40),
  distro: text(),
  release: text(),
  kernel: text(),
  arch: text(40),
  hostname: text(255),
});

export const HardwareInfo = z.object({
  manufacturer: text(),
  model: text(),
  cpuBrand: text(),
  cpuCores: z.number().int(),
  cpuPhysicalCores: z.number().int(),
  memoryTotalBytes: num,
});

export const CpuLoad = z.object({
  /** Percent of all cores, 0–100. */
  currentLoadPercent: num,
  perCorePercent: z.array(num).max(1024),
});

export const MemoryUse = z.object({
  totalBytes: num,
  usedBytes: num,
  availableBytes: num,
  swapTotalBytes: num,
  swapUsedBytes: num,
});

export const DiskUse = z.object({
  mount: text(),
  filesystem: text(),
  type: text(60),
  sizeBytes: num,
  usedBytes: num,
  usePercent: num,
});

export const NetworkInterface = z.object({
  name: text(100),
  ip4: text(60),
  ip6: text(100),
  mac: text(40),
  up: z.boolean(),
  internal: z.boolean(),
  speedMbps: num.nullable(),
});

/** Whether the device could reach a URL (only the Tandem server's, never a third party). */
export const ConnectivityCheck = z.object({
  target: text(500),
  ok: z.boolean(),
  /** HTTP status, when an answer came. */
  status: z.number().int().nullable(),
  latencyMs: num.nullable(),
  error: text().nullable(),
});

export const ProcessInfo = z.object({
  pid: z.number().int(),
  name: text(200),
  command: text(500),
  user: text(100),
  cpuPercent: num,
  memoryPercent: num,
  memoryRssBytes: num,
});

export const ServiceInfo = z.object({
  name: text(200),
  running: z.boolean(),
  startMode: text(40),
});

/** Package formats the agent lists installed software from. */
export const SOFTWARE_SOURCES = ['deb', 'rpm', 'flatpak', 'snap'] as const;
export const InstalledSoftware = z.object({
  name: text(200),
  version: text(200),
  /** Which package manager listed it (absent in snapshots of older agents). */
  source: z.enum(SOFTWARE_SOURCES).optional(),
});

export const LogLines = z.object({
  /** Where the lines came from, e.g. `journalctl` or `/var/log/syslog`. */
  source: text(100),
  lines: z.array(text(DIAGNOSTICS_LIMITS.logLineChars)).max(DIAGNOSTICS_LIMITS.logLines),
});

export type OsInfo = z.infer<typeof OsInfo>;
export type HardwareInfo = z.infer<typeof HardwareInfo>;
export type ConnectivityCheck = z.infer<typeof ConnectivityCheck>;
export type ProcessInfo = z.infer<typeof ProcessInfo>;
export type ServiceInfo = z.infer<typeof ServiceInfo>;
export type InstalledSoftware = z.infer<typeof InstalledSoftware>;

/** Lists that were cut to their cap say how long they were. */
const capped = <T extends z.ZodType>(item: T, max: number) =>
  z.object({ items: z.array(item).max(max), total: z.number().int(), truncated: z.boolean() });

export const DiagnosticsSnapshot = z.object({
  schemaVersion: z.literal(1),
  takenAt: Timestamp,
  /** How long the snapshot took to build. */
  durationMs: num,
  os: section(OsInfo),
  hardware: section(HardwareInfo),
  uptimeSeconds: section(z.object({ seconds: num })),
  cpu: section(CpuLoad),
  memory: section(MemoryUse),
  disks: section(z.array(DiskUse).max(DIAGNOSTICS_LIMITS.disks)),
  network: section(z.array(NetworkInterface).max(DIAGNOSTICS_LIMITS.interfaces)),
  /** Checks of the Tandem server's URL; a probe of its own, so slow interface listing cannot cost it. */
  connectivity: section(z.array(ConnectivityCheck).max(DIAGNOSTICS_LIMITS.checks)),
  /** Top processes by CPU, then memory. */
  processes: section(capped(ProcessInfo, DIAGNOSTICS_LIMITS.processes)),
  services: section(capped(ServiceInfo, DIAGNOSTICS_LIMITS.services)),
  software: section(capped(InstalledSoftware, DIAGNOSTICS_LIMITS.software)),
  logs: section(LogLines),
});
export type DiagnosticsSnapshot = z.infer<typeof DiagnosticsSnapshot>;

/** The names of a snapshot's sections that may be unavailable. */
export type DiagnosticsSection = Exclude<keyof DiagnosticsSnapshot, 'schemaVersion' | 'takenAt' | 'durationMs'>;

/** Whether a snapshot section holds data rather than an `unavailable` marker. */
export function isAvailable<T>(value: T | Unavailable): value is T {
  return !(typeof value === 'object' && value !== null && 'unavailable' in value);
}
