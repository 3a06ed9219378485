import { isAvailable, type DiagnosticsSnapshot } from '../../shared/domain/diagnostics';
import { strings } from '../common/strings';

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
const s = strings.tray;

/** One line a person can read: the OS, memory in use, the fullest disk. */
export function summarise(d: DiagnosticsSnapshot): string {
  const os = isAvailable(d.os) ? `${d.os.distro || d.os.platform} ${d.os.release}`.trim() : '—';
  const memory = isAvailable(d.memory) ? s.memoryOf(gib(d.memory.usedBytes), gib(d.memory.totalBytes)) : '—';
  const fullest = isAvailable(d.disks) ? [...d.disks].sort((a, b) => b.usePercent - a.usePercent)[0] : undefined;
  const disk = fullest ? s.diskFull(fullest.mount, Math.round(fullest.usePercent)) : '—';
  return s.diagnosticsSummary(os, memory, disk);
}
