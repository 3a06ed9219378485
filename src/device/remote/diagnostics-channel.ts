import type { DiagnosticsSnapshot } from '../../shared/domain/diagnostics';
import type { DiagnosticsMessage } from '../../shared/remote/channels';
import { checkConnectivity, takeDiagnosticsSnapshot } from '../diagnostics/snapshot';
import { recentLogLines } from '../diagnostics/system-log';
import { probe } from '../diagnostics/bounded';
import type { SessionContext } from './context';

/** A snapshot answers requests for this long: opening several tabs at once costs one. */
const SNAPSHOT_REUSE_MS = 3000;

/**
 * The diagnostics channel: live sections of the device's diagnostics (the same probes as the
 * snapshot the tray attaches to a ticket), and ending a process — which also needs the control
 * right, checked here, and goes into the session's record.
 */
export class DiagnosticsChannel {
  private snapshot: { at: number; value: Promise<DiagnosticsSnapshot> } | null = null;

  constructor(
    private readonly ctx: SessionContext,
    /** The Tandem server: the connectivity check a snapshot runs. */
    private readonly serverUrl: string,
  ) {}

  handle(message: DiagnosticsMessage): void {
    if (!this.ctx.rights().includes('diagnostics')) return;
    if (message.t === 'get') void this.answer(message.id, () => this.get(message));
    else if (message.t === 'kill') void this.answer(message.id, () => this.kill(message.pid, message.signal));
  }

  private async answer(id: string, run: () => Promise<unknown>): Promise<void> {
    try {
      this.ctx.send('diagnostics', { t: 'result', id, result: await run() });
    } catch (err) {
      this.ctx.send('diagnostics', { t: 'error', id, message: String((err as Error).message).slice(0, 500) });
    }
  }

  private take(): Promise<DiagnosticsSnapshot> {
    if (!this.snapshot || Date.now() - this.snapshot.at > SNAPSHOT_REUSE_MS) {
      const value = takeDiagnosticsSnapshot({
        checkUrls: [`${this.serverUrl}/api/health`],
        probeTimeoutMs: 6000,
      });
      this.snapshot = { at: Date.now(), value };
      value.catch(() => (this.snapshot = null));
    }
    return this.snapshot.value;
  }

  private async get(message: Extract<DiagnosticsMessage, { t: 'get' }>): Promise<unknown> {
    switch (message.what) {
      case 'snapshot':
        return this.take();
      case 'processes':
        return (await this.take()).processes;
      case 'services':
        return (await this.take()).services;
      case 'disks':
        return (await this.take()).disks;
      case 'network': {
        const snap = await this.take();
        // A host the agent names is checked on request, over HTTPS; the device probes no one on its own.
        const extra = message.host
          ? [await checkConnectivity(`https://${message.host.replace(/^[a-z]+:\/\//i, '')}`, 6000)]
          : [];
        return {
          interfaces: snap.network,
          connectivity: Array.isArray(snap.connectivity)
            ? [...snap.connectivity, ...extra]
            : extra.length
              ? extra
              : snap.connectivity,
        };
      }
      case 'logs':
        return probe('The system log', 6000, () => recentLogLines(message.lines ?? 200));
    }
  }

  private async kill(pid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<unknown> {
    if (!this.ctx.rights().includes('control'))
      throw new Error('Ending a process needs the control right, which this session does not hold now.');
    if (pid === process.pid || pid === 1)
      throw new Error(
        'That process cannot be ended from a remote session (it runs the device or the agent itself).',
      );
    try {
      process.kill(pid, signal);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(
        code === 'ESRCH'
          ? `There is no process ${pid} (it may have ended already).`
          : code === 'EPERM'
            ? `Not allowed to end process ${pid}: it belongs to another user.`
            : (err as Error).message,
      );
    }
    this.ctx.record('process_killed', { pid, signal });
    this.ctx.log.info({ sessionId: this.ctx.sessionId, pid, signal }, 'process ended from a remote session');
    return { pid, signal, ended: true };
  }
}
