import { describe, expect, it } from 'vitest';
import type { RemoteSessionEvent } from '../../../shared/domain/remote-session';
import { describeEvent } from './sessionRecordModel';

describe('a record line in a few words', () => {
  it.each<[RemoteSessionEvent['kind'], Record<string, unknown>, string]>([
    ['requested', { rights: ['view', 'shell'], unattended: false }, 'Rights: view, shell'],
    ['requested', { rights: ['shell'], unattended: true }, 'Rights: shell · unattended (group policy)'],
    ['granted', { granted: ['view'] }, 'Rights: view'],
    ['timed_out', { status: 'timed_out', reason: 'No one answered at the device within 25 seconds.' }, 'No one answered at the device within 25 seconds.'],
    ['file_sent', { name: 'fix.ps1', size: 1024, sha256: 'ab' }, 'fix.ps1 · 1024 bytes'],
    ['file_failed', { name: 'big.iso', reason: 'Too large.' }, 'big.iso · Too large.'],
    ['process_killed', { name: 'outlook.exe', pid: 4242 }, 'outlook.exe · pid 4242'],
    ['shell_transcript', { tab: 2, text: 'ls\r\n' }, 'shell 2 · 4 bytes'],
    ['chat', { text: 'x'.repeat(400) }, `${'x'.repeat(299)}…`],
    ['chat', { text: 'hi', cut: true }, 'hi · cut'],
    ['chat', { from: 'agent', text: 'May I look?' }, 'Agent: May I look?'],
    ['chat', { from: 'device', text: 'Yes' }, 'Person at the computer: Yes'],
    ['connected', {}, ''],
    ['ended', { reason: 42 }, '42'],
    ['granted', { granted: 'view' }, ''],
  ])('%s %j → %j', (kind, data, expected) => {
    expect(describeEvent({ kind, data })).toBe(expected);
  });
});
