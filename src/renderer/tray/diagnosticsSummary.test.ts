import { describe, expect, it } from 'vitest';
import type { DiagnosticsSnapshot } from '../../shared/domain/diagnostics';
import { summarise } from './diagnosticsSummary';

const GiB = 1024 ** 3;
const base = {
  os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1', arch: 'x64', hostname: 'pc-17' },
  memory: { totalBytes: 16 * GiB, usedBytes: 6.25 * GiB, availableBytes: 9.75 * GiB, swapTotalBytes: 0, swapUsedBytes: 0 },
  disks: [
    { mount: '/', filesystem: '/dev/sda1', type: 'ext4', sizeBytes: 100 * GiB, usedBytes: 24 * GiB, usePercent: 24 },
    { mount: '/home', filesystem: '/dev/sda2', type: 'ext4', sizeBytes: 400 * GiB, usedBytes: 366 * GiB, usePercent: 91.6 },
  ],
} as unknown as DiagnosticsSnapshot;

describe('summarise', () => {
  it('names the OS, memory in use of the total, and the fullest disk', () => {
    expect(summarise(base)).toBe('Debian GNU/Linux 12 · memory: 6.3 GB of 16.0 GB in use · disk /home: 92 % full');
  });

  it('shows a dash for each section the device could not read', () => {
    const missing = { ...base, os: { unavailable: 'no permission' }, memory: { unavailable: 'timed out' }, disks: { unavailable: 'no tool' } } as unknown as DiagnosticsSnapshot;
    expect(summarise(missing)).toBe('— · memory: — in use · —');
  });
});
