import type { RemoteSession, RemoteSessionEvent } from '../../shared/domain/remote-session';

/** The transcript on the ticket keeps at most this many characters; the full record stays on the session. */
export const NOTE_TRANSCRIPT_MAX_CHARS = 20_000;
const NOTE_LIST_MAX = 100;

export interface SessionNoteInput {
  session: RemoteSession;
  agent: { name: string; email: string };
  device: { name: string; hostname: string };
  events: RemoteSessionEvent[];
}

// CSI sequences (colours, cursor moves), OSC sequences (window titles) and two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Terminal output as plain text: escapes and control characters gone, line ends as `\n`. */
export function plainTerminalText(text: string): string {
  return text.replace(ANSI, '').replace(/\r+\n/g, '\n').replace(/\r/g, '\n').replace(CONTROL, '');
}

/** Keeps the start and the end of a long text, saying how much was cut between them. */
export function trimMiddle(text: string, max: number): { text: string; cut: number } {
  if (text.length <= max) return { text, cut: 0 };
  const head = Math.floor(max * 0.3);
  const tail = max - head;
  const cut = text.length - head - tail;
  return { text: `${text.slice(0, head)}\n… ${cut} characters cut here …\n${text.slice(text.length - tail)}`, cut };
}

const str = (value: unknown, max = 300): string | null => (typeof value === 'string' && value.length > 0 ? value.slice(0, max) : typeof value === 'number' ? String(value) : null);

/** "4 min 5 s", "1 h 2 min", "12 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const fenceFor = (text: string) => '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
const inline = (text: string) => text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);

const STATUS_WORDS: Record<RemoteSession['status'], string> = {
  pending: 'still waiting for an answer',
  active: 'running',
  refused: 'refused at the device',
  timed_out: 'not answered at the device in time',
  ended: 'ended',
  failed: 'could not start',
};

/**
 * The internal note a finished session leaves on its ticket: who, on which device, the rights
 * asked for and granted, how it was allowed, when, files moved, processes killed, and the shell
 * transcript (plain text, trimmed). Markdown, as notes are.
 */
export function composeSessionNote({ session, agent, device, events }: SessionNoteInput): string {
  const lines: string[] = [];
  lines.push(`**Remote session ${STATUS_WORDS[session.status]}** on ${inline(device.name)}${device.hostname ? ` (${inline(device.hostname)})` : ''}`);
  lines.push('');
  lines.push(`- Agent: ${inline(agent.name)} (${inline(agent.email)})`);
  lines.push(`- Rights asked for: ${session.requested.join(', ')}`);
  lines.push(`- Rights granted: ${session.granted.length ? session.granted.join(', ') : 'none'}`);
  const consent = session.startedAt
    ? session.unattended
      ? 'unattended (group policy; no one was asked)'
      : 'consented at the device'
    : 'not granted';
  lines.push(`- Access: ${consent}`);
  lines.push(`- Asked: ${session.requestedAt}`);
  if (session.startedAt) lines.push(`- Started: ${session.startedAt}`);
  if (session.endedAt) lines.push(`- Ended: ${session.endedAt}${session.endedBy ? ` by the ${session.endedBy === 'device' ? 'device' : session.endedBy}` : ''}`);
  if (session.startedAt && session.endedAt) lines.push(`- Duration: ${formatDuration(Date.parse(session.endedAt) - Date.parse(session.startedAt))}`);
  if (session.reason) lines.push(`- Reason: ${inline(session.reason)}`);

  const files = events.filter((e) => e.kind === 'file_sent' || e.kind === 'file_fetched' || e.kind === 'file_failed');
  if (files.length) {
    lines.push('', '**Files**', '');
    for (const e of files.slice(0, NOTE_LIST_MAX)) {
      const name = inline(str(e.data.name) ?? str(e.data.path) ?? 'unnamed');
      const size = typeof e.data.size === 'number' ? `${e.data.size} bytes` : 'size unknown';
      const sha = str(e.data.sha256, 64);
      if (e.kind === 'file_failed') lines.push(`- failed: ${name}${str(e.data.reason) ? ` — ${inline(str(e.data.reason)!)}` : ''}`);
      else lines.push(`- ${e.kind === 'file_sent' ? 'to the device' : 'from the device'}: ${name}, ${size}${sha ? `, sha256 ${sha}` : ''}`);
    }
    if (files.length > NOTE_LIST_MAX) lines.push(`- … and ${files.length - NOTE_LIST_MAX} more (see the session record)`);
  }

  const killed = events.filter((e) => e.kind === 'process_killed');
  if (killed.length) {
    lines.push('', '**Processes killed**', '');
    for (const e of killed.slice(0, NOTE_LIST_MAX)) lines.push(`- ${inline(str(e.data.name) ?? 'process')} (pid ${str(e.data.pid) ?? '?'})`);
    if (killed.length > NOTE_LIST_MAX) lines.push(`- … and ${killed.length - NOTE_LIST_MAX} more (see the session record)`);
  }

  const pieces = events.filter((e) => e.kind === 'shell_transcript');
  if (pieces.length) {
    const tabs = new Set(pieces.map((e) => str(e.data.tab) ?? '1'));
    let raw = '';
    let lastTab: string | null = null;
    for (const e of pieces) {
      const tab = str(e.data.tab) ?? '1';
      if (tabs.size > 1 && tab !== lastTab) raw += `${raw.endsWith('\n') || raw === '' ? '' : '\n'}── shell ${tab} ──\n`;
      lastTab = tab;
      raw += typeof e.data.text === 'string' ? e.data.text : typeof e.data.data === 'string' ? e.data.data : '';
    }
    const { text, cut } = trimMiddle(plainTerminalText(raw), NOTE_TRANSCRIPT_MAX_CHARS);
    const fence = fenceFor(text);
    lines.push('', '**Shell transcript**', '');
    if (cut > 0) lines.push(`_Trimmed: ${cut} characters from the middle are not shown here; the full transcript is in the session record._`, '');
    lines.push(fence, text.replace(/\n$/, ''), fence);
  }
  lines.push('', `_Session ${session.id}; the full record is on the device page._`);
  return lines.join('\n');
}
