import { readFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { osFacts, parseOsRelease } from './os-facts';

describe('operating-system facts', () => {
  it('reads os-release lines: quoted, unquoted, escaped; skips comments and blanks', () => {
    const text = ['# a comment', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"', 'NAME=Debian', "VERSION_ID='12'", 'ID=debian', '', 'HOME_URL="say \\"hi\\""', 'not a line'].join('\n');
    expect(parseOsRelease(text)).toEqual({ PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', NAME: 'Debian', VERSION_ID: '12', ID: 'debian', HOME_URL: 'say "hi"' });
  });

  it.runIf(process.platform === 'linux')('names this Linux machine from /etc/os-release, with Node’s kernel, architecture and host name', async () => {
    const o = parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
    expect(await osFacts()).toEqual({ platform: 'linux', distro: o.PRETTY_NAME ?? o.NAME, release: o.VERSION_ID ?? '', kernel: release(), arch: process.arch, hostname: hostname() });
  });
});
