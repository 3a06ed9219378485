import type { ShellMessage } from '../../shared/remote/channels';
import { ShellSession } from '../shell';
import type { SessionContext } from './context';

/** Output is sent at most this long after the PTY produced it (usually the same tick). */
const MAX_OUTPUT_DELAY_MS = 4;
/** One output message carries at most this many characters (well under the channel's message size). */
const OUTPUT_PIECE_CHARS = 60 * 1024;
/** Transcript pieces go to the record every second, or sooner past this many characters. */
const TRANSCRIPT_FLUSH_MS = 1000;
const TRANSCRIPT_FLUSH_CHARS = 8 * 1024;
const MAX_TABS = 8;

interface Tab {
  shell: ShellSession;
  pending: string;
  timer: NodeJS.Immediate | null;
  deadline: NodeJS.Timeout | null;
  /** Set for the rest of the turn after an immediate send; output meanwhile is gathered. */
  busy: NodeJS.Immediate | null;
  transcript: string;
}

/**
 * The shell channel: terminal tabs in real PTYs on the device. Tabs outlive a dropped connection:
 * when the console re-opens a tab after a reconnect it gets the tab's scrollback as `replay` and
 * sees its shell as it was. Output is gathered per event-loop turn (a burst becomes one message) but
 * never held more than a few milliseconds, since typing echo is what the person feels.
 */
export class ShellTabs {
  private readonly tabs = new Map<string, Tab>();
  private transcriptTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: SessionContext,
    private readonly shellOptions: { shell?: string; args?: string[]; cwd?: string } = {},
  ) {}

  handle(message: ShellMessage): void {
    if (!this.ctx.rights().includes('shell')) return;
    switch (message.t) {
      case 'open':
        return this.open(message.tab, message.cols, message.rows);
      case 'input':
        return this.tabs.get(message.tab)?.shell.write(message.data);
      case 'resize':
        return this.tabs.get(message.tab)?.shell.resize({ cols: message.cols, rows: message.rows });
      case 'close': {
        const tab = this.tabs.get(message.tab);
        if (tab) tab.shell.kill();
        return;
      }
      default:
        // Device → console messages coming back are not for us.
        return;
    }
  }

  /** Ends every tab (session over). */
  close(): void {
    for (const tab of this.tabs.values()) tab.shell.kill();
    this.flushTranscripts();
    if (this.transcriptTimer) clearInterval(this.transcriptTimer);
    this.transcriptTimer = null;
  }

  get openTabs(): number {
    return this.tabs.size;
  }

  private open(id: string, cols: number, rows: number): void {
    const existing = this.tabs.get(id);
    if (existing) {
      // A re-attach (reconnect, or a second console view): the recent screen, then live output.
      this.flushOutput(id, existing);
      existing.shell.resize({ cols, rows });
      this.ctx.send('shell', {
        t: 'opened',
        tab: id,
        replay: existing.shell.scrollback().slice(-1024 * 1024),
      });
      return;
    }
    if (this.tabs.size >= MAX_TABS) {
      this.ctx.send('shell', {
        t: 'error',
        tab: id,
        message: `At most ${MAX_TABS} terminal tabs can be open; close one first.`,
      });
      return;
    }
    let shell: ShellSession;
    try {
      shell = new ShellSession({ cols, rows, ...this.shellOptions });
    } catch (err) {
      this.ctx.send('shell', {
        t: 'error',
        tab: id,
        message: `The terminal could not start: ${(err as Error).message}`.slice(0, 500),
      });
      return;
    }
    const tab: Tab = { shell, pending: '', timer: null, deadline: null, busy: null, transcript: '' };
    this.tabs.set(id, tab);
    this.ctx.send('shell', { t: 'opened', tab: id, replay: '' });
    this.ctx.record('shell_opened', { tab: id, pid: shell.pid });
    this.transcriptTimer ??= setInterval(() => this.flushTranscripts(), TRANSCRIPT_FLUSH_MS);
    shell.onData((data) => {
      tab.pending += data;
      tab.transcript += data;
      if (tab.transcript.length >= TRANSCRIPT_FLUSH_CHARS) this.flushTranscript(id, tab);
      if (tab.pending.length >= OUTPUT_PIECE_CHARS) return this.flushOutput(id, tab);
      // Idle tab (nothing sent in this turn yet): send at once — a keystroke's echo waits for
      // nothing. Further output in the same turn gathers until the turn ends, as a burst.
      if (!tab.timer && !tab.busy) {
        this.flushOutput(id, tab);
        tab.busy = setImmediate(() => (tab.busy = null));
        return;
      }
      tab.timer ??= setImmediate(() => this.flushOutput(id, tab));
      tab.deadline ??= setTimeout(() => this.flushOutput(id, tab), MAX_OUTPUT_DELAY_MS);
    });
    shell.onExit(({ exitCode, signal }) => {
      this.flushOutput(id, tab);
      this.flushTranscript(id, tab);
      this.tabs.delete(id);
      this.ctx.send('shell', { t: 'exit', tab: id, code: exitCode, signal });
      this.ctx.record('shell_closed', { tab: id, code: exitCode });
    });
  }

  private flushOutput(id: string, tab: Tab): void {
    if (tab.timer) clearImmediate(tab.timer);
    if (tab.deadline) clearTimeout(tab.deadline);
    tab.timer = tab.deadline = null;
    // While disconnected, output is dropped here: the scrollback replays it on re-attach.
    while (tab.pending) {
      const piece = tab.pending.slice(0, OUTPUT_PIECE_CHARS);
      tab.pending = tab.pending.slice(OUTPUT_PIECE_CHARS);
      if (this.ctx.connected()) this.ctx.send('shell', { t: 'output', tab: id, data: piece });
    }
  }

  private flushTranscripts(): void {
    for (const [id, tab] of this.tabs) this.flushTranscript(id, tab);
  }

  private flushTranscript(id: string, tab: Tab): void {
    if (!tab.transcript) return;
    this.ctx.record('shell_transcript', { tab: id, text: tab.transcript });
    tab.transcript = '';
  }
}
