import { describe, expect, it } from 'vitest';
import type { RemoteSession, RemoteSessionEvent } from '../../shared/domain/remote-session';
import { composeSessionNote, formatDuration, plainTerminalText, trimMiddle } from './ticket-note';

describe('plainTerminalText', () => {
  it.each([
    ['colours', '\u001b[1;32mok\u001b[0m done', 'ok done'],
    ['cursor moves and erase', 'a\u001b[2K\u001b[1Gb', 'ab'],
    ['window title (OSC, BEL)', '\u001b]0;user@host: ~\u0007$ ls', '$ ls'],
    ['CRLF', 'one\r\ntwo\r\n', 'one\ntwo\n'],
    ['bare CR', 'progress\rdone', 'progress\ndone'],
    ['bell and backspace', 'x\u0007y\u0008z', 'xyz'],
    ['tabs kept', 'a\tb', 'a\tb'],
  ])('%s', (_what, input, expected) => {
    expect(plainTerminalText(input)).toBe(expected);
  });
});

describe('trimMiddle', () => {
  it('keeps short text whole', () => expect(trimMiddle('abc', 10)).toEqual({ text: 'abc', cut: 0 }));
  it('keeps 30% head and 70% tail of a long text and says how much was cut', () => {
    const { text, cut } = trimMiddle('0123456789'.repeat(10), 20);
    expect(cut).toBe(80);
    expect(text).toBe('012345\n… 80 characters cut here …\n67890123456789');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [12_400, '12 s'],
    [245_000, '4 min 5 s'],
    [3_720_000, '1 h 2 min'],
  ])('%d ms → %s', (ms, expected) => expect(formatDuration(ms)).toBe(expected));
});

describe('composeSessionNote', () => {
  const session: RemoteSession = {
    id: '00000000-0000-4000-8000-000000000001',
    deviceId: '00000000-0000-4000-8000-000000000002',
    ticketId: '00000000-0000-4000-8000-000000000003',
    agentId: '00000000-0000-4000-8000-000000000004',
    requested: ['view', 'shell'],
    granted: ['shell'],
    unattended: false,
    status: 'ended',
    reason: 'Done.',
    endedBy: 'agent',
    requestedAt: '2026-01-15T09:00:00.000Z',
    consentDeadline: null,
    startedAt: '2026-01-15T09:00:10.000Z',
    endedAt: '2026-01-15T09:04:15.000Z',
  };
  const event = (seq: number, kind: RemoteSessionEvent['kind'], data: Record<string, unknown>): RemoteSessionEvent => ({ id: `e${seq}`, sessionId: session.id, seq, kind, source: 'device', data, at: session.startedAt! });

  it('states who, where, rights, access, times, and nothing about files when none moved', () => {
    const note = composeSessionNote({ session, agent: { name: 'Ada', email: 'ada@example.org' }, device: { name: 'PC-7', hostname: 'pc7.corp' }, events: [] });
    expect(note.split('\n').slice(0, 12)).toEqual([
      '**Remote session ended** on PC-7 (pc7.corp)',
      '',
      '- Agent: Ada (ada@example.org)',
      '- Rights asked for: view, shell',
      '- Rights granted: shell',
      '- Access: consented at the device',
      '- Asked: 2026-01-15T09:00:00.000Z',
      '- Started: 2026-01-15T09:00:10.000Z',
      '- Ended: 2026-01-15T09:04:15.000Z by the agent',
      '- Duration: 4 min 5 s',
      '- Reason: Done.',
      '',
    ]);
    expect(note).not.toContain('Files');
    expect(note).not.toContain('Shell transcript');
  });

  it('fences a transcript holding backticks with a longer fence, and labels tabs when there are several', () => {
    const note = composeSessionNote({
      session,
      agent: { name: 'Ada', email: 'a@b.c' },
      device: { name: 'PC', hostname: '' },
      events: [event(1, 'shell_transcript', { tab: 1, text: 'echo ```\r\n' }), event(2, 'shell_transcript', { tab: 2, text: 'ls\r\n' })],
    });
    expect(note).toContain('````\n── shell 1 ──\necho ```\n── shell 2 ──\nls\n````');
  });

  it('lists a refused request as not granted, without start or duration', () => {
    const refused = { ...session, status: 'refused' as const, granted: [], startedAt: null, endedBy: 'device' as const, reason: 'No.' };
    const note = composeSessionNote({ session: refused, agent: { name: 'Ada', email: 'a@b.c' }, device: { name: 'PC', hostname: '' }, events: [] });
    expect(note).toContain('**Remote session refused at the device** on PC');
    expect(note).toContain('- Access: not granted');
    expect(note).not.toContain('Duration');
    expect(note).not.toContain('Started');
  });
});
