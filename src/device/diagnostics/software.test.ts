import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { installedSoftware, parseDpkg, parseFlatpak, parseRpm, parseSnap } from './software';

/** Whether a command exists on this machine (the tests of its real output run only there). */
const has = (command: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('package listings, read from each tool’s output', () => {
  it('dpkg: installed rows only', () => {
    const out = 'ii \tbash\t5.2.15-2+b2\nrc \told-thing\t1.0\nii \tlibc6:amd64\t2.36-9\n\n';
    expect(parseDpkg(out)).toEqual([
      { name: 'bash', version: '5.2.15-2+b2' },
      { name: 'libc6:amd64', version: '2.36-9' },
    ]);
  });

  it('rpm: epoch shown when set, gpg-pubkey entries left out', () => {
    const out = 'bash\t(none)\t5.2.26-3.fc40\nperl-Time-Local\t2\t1.350-5.fc40\ngpg-pubkey\t(none)\ta15b79cc-63d04c2c\n';
    expect(parseRpm(out)).toEqual([
      { name: 'bash', version: '5.2.26-3.fc40' },
      { name: 'perl-Time-Local', version: '2:1.350-5.fc40' },
    ]);
  });

  it('flatpak: the version, else the branch', () => {
    const out = 'org.mozilla.firefox\t128.0.3\tstable\ncom.example.Nightly\t\tmaster\n';
    expect(parseFlatpak(out)).toEqual([
      { name: 'org.mozilla.firefox', version: '128.0.3' },
      { name: 'com.example.Nightly', version: 'master' },
    ]);
  });

  it('snap: the header is skipped, columns split on runs of spaces', () => {
    const out = [
      'Name      Version          Rev    Tracking       Publisher   Notes',
      'core22    20240408         1380   latest/stable  canonical✓  base',
      'firefox   126.0.1-1        4336   latest/stable  mozilla✓    -',
      '',
    ].join('\n');
    expect(parseSnap(out)).toEqual([
      { name: 'core22', version: '20240408' },
      { name: 'firefox', version: '126.0.1-1' },
    ]);
    expect(parseSnap('No snaps are installed yet.\n')).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('installed software on this machine', () => {
  it.runIf(has('dpkg-query'))('lists Debian packages (dpkg itself among them)', async () => {
    const items = await installedSoftware();
    expect(items.find((p) => p.name === 'dpkg')).toMatchObject({ source: 'deb', version: expect.stringMatching(/^\d/) });
  });

  it.runIf(has('rpm'))('lists RPM packages where rpm has a database', async () => {
    const items = await installedSoftware();
    // rpm installed on a Debian machine has an empty database; on an RPM system rpm lists itself.
    const own = execFileSync('rpm', ['-qa'], { encoding: 'utf8' }).trim();
    if (own) expect(items.some((p) => p.source === 'rpm')).toBe(true);
  });

  it.runIf(has('flatpak'))('lists Flatpak apps as flatpak', async () => {
    const apps = execFileSync('flatpak', ['list', '--app', '--columns=application'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    const items = await installedSoftware();
    for (const app of apps) expect(items.some((p) => p.source === 'flatpak' && p.name === app)).toBe(true);
  });

  it.runIf(has('snap'))('lists snaps as snap', async () => {
    const items = await installedSoftware();
    expect(items.every((p) => ['deb', 'rpm', 'flatpak', 'snap'].includes(p.source))).toBe(true);
  });

  it('the list is sorted by name', async () => {
    const items = await installedSoftware().catch(() => []);
    expect(items.map((p) => p.name)).toEqual([...items.map((p) => p.name)].sort((a, b) => a.localeCompare(b)));
  });
});
