import { useState } from 'react';
import type { DiagnosticsWhat } from '../../../shared/remote/channels';
import { remoteStrings as s } from '../../common/remoteStrings';

type Row = Record<string, unknown>;
const isRecord = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

interface KillOption {
  allowed: boolean;
  label: string;
  deniedHint: string;
  onKill(pid: number): void;
}

/**
 * Shows one diagnostics answer whatever its shape (see domain/diagnostics.ts): a section that is
 * unavailable says why, lists (plain or `{ items, total }`) become tables, log lines a block of
 * text, objects a list of facts. Byte counts (keys ending in Bytes) are written for people.
 */
export function DiagnosticsResult({ what, result, kill, formatBytes }: { what: DiagnosticsWhat; result: unknown; kill: KillOption | null; formatBytes(n: number): string }) {
  return <Value name={s.diag[what]} value={result} kill={kill} formatBytes={formatBytes} depth={0} />;
}

function Value({ name, value, kill, formatBytes, depth }: { name: string; value: unknown; kill: KillOption | null; formatBytes(n: number): string; depth: number }) {
  if (isRecord(value) && typeof value.unavailable === 'string') return <p className="hint">{value.unavailable}</p>;
  if (isRecord(value) && Array.isArray(value.lines)) {
    return (
      <div>
        {typeof value.source === 'string' ? <p className="hint">{value.source}</p> : null}
        <pre className="remote-log" tabIndex={0} aria-label={name}>
          {(value.lines as unknown[]).map(String).join('\n')}
        </pre>
      </div>
    );
  }
  if (isRecord(value) && Array.isArray(value.items)) return <Table name={name} rows={value.items} kill={kill} formatBytes={formatBytes} />;
  if (Array.isArray(value)) return <Table name={name} rows={value} kill={kill} formatBytes={formatBytes} />;
  if (isRecord(value)) {
    const scalars = Object.entries(value).filter(([, v]) => !isRecord(v) && !Array.isArray(v));
    const nested = Object.entries(value).filter(([, v]) => isRecord(v) || Array.isArray(v));
    return (
      <div className="remote-facts">
        {scalars.length ? (
          <dl className="facts">
            {scalars.map(([k, v]) => (
              <Fact key={k} k={k} v={v} formatBytes={formatBytes} />
            ))}
          </dl>
        ) : null}
        {depth < 2
          ? nested.map(([k, v]) => (
              <section key={k} aria-label={k}>
                <h4>{k}</h4>
                <Value name={k} value={v} kill={k === 'processes' ? kill : null} formatBytes={formatBytes} depth={depth + 1} />
              </section>
            ))
          : null}
      </div>
    );
  }
  return <p>{show('', value, formatBytes)}</p>;
}

function Fact({ k, v, formatBytes }: { k: string; v: unknown; formatBytes(n: number): string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{show(k, v, formatBytes)}</dd>
    </>
  );
}

function show(key: string, v: unknown, formatBytes: (n: number) => string): string {
  if (typeof v === 'number' && /bytes$/i.test(key)) return formatBytes(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(1);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === null || v === undefined) return '—';
  return String(v);
}

function Table({ name, rows, kill, formatBytes }: { name: string; rows: unknown[]; kill: KillOption | null; formatBytes(n: number): string }) {
  const [filter, setFilter] = useState('');
  const records = rows.filter(isRecord);
  if (!records.length) return <p className="hint">—</p>;
  const columns = Object.keys(records[0]!).filter((k) => records.some((r) => !isRecord(r[k]) && !Array.isArray(r[k]))).slice(0, 8);
  const withPid = kill && columns.includes('pid');
  const shown = filter ? records.filter((r) => columns.some((c) => String(r[c] ?? '').toLowerCase().includes(filter.toLowerCase()))) : records;
  return (
    <div>
      {withPid ? (
        <label className="remote-filter">
          {s.diag.filter} <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
      ) : null}
      {withPid && !kill.allowed ? <p className="hint">{kill.deniedHint}</p> : null}
      <div className="table-wrap remote-table">
        <table>
          <caption className="visually-hidden">{name}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              {withPid ? <th scope="col">{kill.label}</th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, 500).map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c}>{show(c, r[c], formatBytes)}</td>
                ))}
                {withPid ? (
                  <td>
                    <button type="button" disabled={!kill.allowed} onClick={() => kill.onKill(Number(r.pid))} aria-label={`${kill.label} ${String(r.pid)} ${String(r.name ?? '')}`}>
                      {kill.label}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
