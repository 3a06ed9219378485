import { useEffect, useRef, useState } from 'react';
import type { RemoteRight } from '../../../shared/domain/remote-session';
import type { DiagnosticsWhat } from '../../../shared/remote/channels';
import type { RemotePeer } from '../../../shared/remote/peer';
import { formatBytes, remoteStrings as s } from '../../common/remoteStrings';
import { DiagnosticsResult } from './DiagnosticsResult';

const WHATS: DiagnosticsWhat[] = ['snapshot', 'processes', 'services', 'disks', 'network', 'logs'];

type Answer = { what: DiagnosticsWhat; state: 'loading' } | { what: DiagnosticsWhat; state: 'ready'; result: unknown } | { what: DiagnosticsWhat; state: 'failed'; message: string };

/**
 * Diagnostics of the device over the diagnostics channel: one question at a time, its answer shown
 * below. Processes can be ended from the list, only with the control right (the device checks too).
 */
export function DiagnosticsPanel({ peer, rights }: { peer: RemotePeer | null; rights: readonly RemoteRight[] }) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [host, setHost] = useState('');
  const [lines, setLines] = useState(200);
  const [notice, setNotice] = useState<string | null>(null);
  const asked = useRef<{ id: string; what: DiagnosticsWhat } | null>(null);
  const counter = useRef(0);
  const mayKill = rights.includes('control');

  useEffect(() => {
    if (!peer) return;
    return peer.on('diagnostics', (m) => {
      if (m.t === 'result' && asked.current?.id === m.id) setAnswer({ what: asked.current.what, state: 'ready', result: m.result });
      else if (m.t === 'error' && asked.current?.id === m.id) setAnswer({ what: asked.current.what, state: 'failed', message: m.message });
      else if (m.t === 'result' && m.id.startsWith('kill-')) setNotice(s.diag.killed(Number(m.id.split('-')[1])));
      else if (m.t === 'error' && m.id.startsWith('kill-')) setNotice(m.message);
    });
  }, [peer]);

  const ask = (what: DiagnosticsWhat) => {
    if (!peer) return;
    const id = `d${++counter.current}`;
    asked.current = { id, what };
    setAnswer({ what, state: 'loading' });
    setNotice(null);
    peer.send('diagnostics', { t: 'get', id, what, ...(what === 'network' && host.trim() ? { host: host.trim() } : {}), ...(what === 'logs' ? { lines } : {}) });
  };
  const kill = (pid: number) => {
    if (!peer || !mayKill) return;
    peer.send('diagnostics', { t: 'kill', id: `kill-${pid}-${++counter.current}`, pid, signal: 'SIGTERM' });
  };

  return (
    <div className="remote-diagnostics">
      <div className="actions" role="group" aria-label={s.tab.diagnostics}>
        {WHATS.map((what) => (
          <button key={what} type="button" aria-pressed={answer?.what === what} onClick={() => ask(what)} disabled={!peer}>
            {s.diag[what]}
          </button>
        ))}
      </div>
      <div className="actions remote-diag-options">
        <label>
          {s.diag.host} <input value={host} onChange={(e) => setHost(e.target.value)} maxLength={255} />
        </label>
        <label>
          {s.diag.lines} <input type="number" min={1} max={2000} value={lines} onChange={(e) => setLines(Math.max(1, Math.min(2000, Number(e.target.value) || 1)))} />
        </label>
      </div>
      {notice ? <p role="status" className="success-note">{notice}</p> : null}
      <div className="remote-diag-answer" aria-live="polite" aria-busy={answer?.state === 'loading'}>
        {!answer ? (
          <p className="hint">{s.diag.pick}</p>
        ) : answer.state === 'loading' ? (
          <p role="status">{s.diag.loading}</p>
        ) : answer.state === 'failed' ? (
          <p className="error-note" role="alert">{answer.message}</p>
        ) : (
          <DiagnosticsResult
            what={answer.what}
            result={answer.result}
            kill={answer.what === 'processes' ? { allowed: mayKill, onKill: kill, label: s.diag.kill, deniedHint: s.diag.killNeedsControl } : null}
            formatBytes={formatBytes}
          />
        )}
      </div>
    </div>
  );
}
