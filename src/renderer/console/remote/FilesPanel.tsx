import { useEffect, useReducer, useRef, useState } from 'react';
import { fileChunk, readFileChunk, type FilesMessage } from '../../../shared/remote/channels';
import type { RemotePeer } from '../../../shared/remote/peer';
import { formatBytes, remoteStrings as s } from '../../common/remoteStrings';
import { chunkRanges, IncomingFile, isRunning, nextTransfers, sha256Hex, type Transfer } from './transfers';

/** Above this many bytes queued on the channel, the sender waits for it to drain. */
const SEND_WINDOW = 1024 * 1024;

interface Listing {
  path: string;
  entries: Array<{ name: string; dir: boolean; size: number }>;
}

const joinPath = (dir: string, name: string) => (dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}${dir.includes('\\') && !dir.includes('/') ? '\\' : '/'}${name}`);
const parentOf = (dir: string) => dir.replace(/[/\\][^/\\]*[/\\]?$/, '') || '/';

/**
 * Files both ways over the files channel. Sending: the checksum is computed here (WebCrypto), the
 * device accepts, chunks flow with back-pressure, and the device says `verified` with where it kept
 * it. Fetching: list a folder, pick a file, the device offers it, the bytes are checked against its
 * checksum here and saved through a Blob URL. Either side can cancel.
 */
export function FilesPanel({ peer, maxFileBytes }: { peer: RemotePeer | null; maxFileBytes: number }) {
  const [transfers, dispatch] = useReducer(nextTransfers, []);
  const [chosen, setChosen] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [path, setPath] = useState('/');
  const [listing, setListing] = useState<Listing | null>(null);
  const counter = useRef(0);
  // Transfer ids are unique per panel; the prefix keeps them apart across reconnects and reloads.
  const [prefix] = useState(() => crypto.randomUUID().slice(0, 8));
  const outgoing = useRef(new Map<string, { file: File; n: number; cancelled: boolean }>());
  const incoming = useRef(new Map<number, { id: string; file: IncomingFile; name: string; lastReport: number }>());
  const urls = useRef<string[]>([]);

  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);

  useEffect(() => {
    if (!peer) return;
    const send = (m: FilesMessage) => peer.send('files', m);
    const offText = peer.on('files', (m) => {
      switch (m.t) {
        case 'accept': {
          const out = outgoing.current.get(m.id);
          if (out) void pump(peer, m.id, out, dispatch);
          return;
        }
        case 'progress':
          dispatch({ type: 'progress', id: m.id, bytes: m.bytes });
          return;
        case 'verified':
          outgoing.current.delete(m.id);
          dispatch({ type: 'verified', id: m.id, ...(m.path ? { path: m.path } : {}) });
          return;
        case 'failed':
          outgoing.current.delete(m.id);
          dropIncoming(m.id);
          dispatch({ type: 'failed', id: m.id, message: m.message });
          return;
        case 'cancel': {
          const out = outgoing.current.get(m.id);
          if (out) out.cancelled = true;
          outgoing.current.delete(m.id);
          dropIncoming(m.id);
          dispatch({ type: 'cancelled', id: m.id, message: m.reason });
          return;
        }
        case 'listing':
          setListing({ path: m.path, entries: [...m.entries].sort((a, b) => Number(b.dir) - Number(a.dir) || a.name.localeCompare(b.name)) });
          setPath(m.path);
          return;
        case 'offer':
          // The device offers the file we asked to fetch (same id); its number tags the chunks.
          incoming.current.set(m.n, { id: m.id, file: new IncomingFile(m.size, m.sha256), name: m.name, lastReport: 0 });
          dispatch({ type: 'offered', id: m.id, n: m.n, name: m.name, size: m.size });
          send({ t: 'accept', id: m.id });
          if (m.size === 0) void finishIncoming(m.n);
          return;
        case 'done':
          for (const [n, entry] of incoming.current) if (entry.id === m.id) void finishIncoming(n);
          return;
      }
    });
    const offBinary = peer.onBinary('files', (data) => {
      const chunk = readFileChunk(data);
      const entry = chunk && incoming.current.get(chunk.n);
      if (!chunk || !entry) return;
      if (!entry.file.add(chunk.bytes)) {
        incoming.current.delete(chunk.n);
        send({ t: 'cancel', id: entry.id, reason: 'More bytes arrived than were offered.' });
        dispatch({ type: 'failed', id: entry.id, message: s.files.mismatch });
        return;
      }
      const now = Date.now();
      if (now - entry.lastReport > 250 || entry.file.complete) {
        entry.lastReport = now;
        dispatch({ type: 'progress', id: entry.id, bytes: entry.file.received });
        send({ t: 'progress', id: entry.id, bytes: entry.file.received });
      }
    });
    function dropIncoming(id: string) {
      for (const [n, entry] of incoming.current) if (entry.id === id) incoming.current.delete(n);
    }
    async function finishIncoming(n: number) {
      const entry = incoming.current.get(n);
      if (!entry || !entry.file.complete) return;
      incoming.current.delete(n);
      dispatch({ type: 'verifying', id: entry.id });
      const bytes = await entry.file.verify();
      if (!bytes) {
        send({ t: 'failed', id: entry.id, message: 'Checksum mismatch on the console.' });
        dispatch({ type: 'failed', id: entry.id, message: s.files.mismatch });
        return;
      }
      const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
      urls.current.push(url);
      send({ t: 'verified', id: entry.id });
      dispatch({ type: 'verified', id: entry.id, url });
    }
    return () => {
      offText();
      offBinary();
    };
  }, [peer]);

  const sendFile = async () => {
    if (!peer || !chosen) return;
    setError(null);
    if (chosen.size > maxFileBytes) return setError(s.files.tooBig(formatBytes(maxFileBytes)));
    const id = `up${prefix}${++counter.current}`;
    const n = counter.current;
    const file = chosen;
    dispatch({ type: 'start', transfer: { id, direction: 'send', name: file.name, size: file.size, n } });
    const sha256 = await sha256Hex(await file.arrayBuffer());
    outgoing.current.set(id, { file, n, cancelled: false });
    peer.send('files', { t: 'offer', id, n, name: file.name, size: file.size, sha256 });
    dispatch({ type: 'progress', id, bytes: 0 });
  };
  const fetchFile = (name: string) => {
    if (!peer || !listing) return;
    const id = `down${prefix}${++counter.current}`;
    dispatch({ type: 'start', transfer: { id, direction: 'fetch', name, size: 0 } });
    peer.send('files', { t: 'fetch', id, path: joinPath(listing.path, name) });
  };
  const list = (where: string) => peer?.send('files', { t: 'list', id: `ls${++counter.current}`, path: where });
  const cancel = (t: Transfer) => {
    const out = outgoing.current.get(t.id);
    if (out) out.cancelled = true;
    outgoing.current.delete(t.id);
    for (const [n, entry] of incoming.current) if (entry.id === t.id) incoming.current.delete(n);
    peer?.send('files', { t: 'cancel', id: t.id, reason: 'The agent cancelled it.' });
    dispatch({ type: 'cancelled', id: t.id, message: s.files.cancelled });
  };

  return (
    <div className="remote-files">
      <section aria-labelledby="files-send">
        <h3 id="files-send">{s.files.sendHeading}</h3>
        <div className="actions">
          <label className="file-pick">
            {s.files.choose} <input type="file" onChange={(e) => setChosen(e.target.files?.[0] ?? null)} />
          </label>
          <button type="button" className="primary" disabled={!chosen || !peer} onClick={() => void sendFile()}>
            {s.files.send}
          </button>
        </div>
        <p className="hint">{s.files.limit(formatBytes(maxFileBytes))}</p>
        {error ? <p className="error-note" role="alert">{error}</p> : null}
      </section>
      <section aria-labelledby="files-browse">
        <h3 id="files-browse">{s.files.browseHeading}</h3>
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            list(path);
          }}
        >
          <label>
            {s.files.path} <input value={path} onChange={(e) => setPath(e.target.value)} maxLength={4096} className="code" />
          </label>
          <button type="submit" disabled={!peer}>
            {s.files.list}
          </button>
          <button type="button" disabled={!peer || !listing} onClick={() => listing && list(parentOf(listing.path))}>
            {s.files.up}
          </button>
        </form>
        {listing ? (
          listing.entries.length === 0 ? (
            <p className="hint">{s.files.empty}</p>
          ) : (
            <ul className="remote-listing" aria-label={listing.path}>
              {listing.entries.map((e) => (
                <li key={e.name}>
                  {e.dir ? (
                    <button type="button" className="link" onClick={() => list(joinPath(listing.path, e.name))}>
                      {e.name}/
                    </button>
                  ) : (
                    <>
                      <span className="code">{e.name}</span> <span className="hint">{formatBytes(e.size)}</span>{' '}
                      <button type="button" onClick={() => fetchFile(e.name)} aria-label={s.files.fetch(e.name)}>
                        {s.files.fetch('')}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
      {transfers.length ? (
        <section aria-labelledby="files-transfers">
          <h3 id="files-transfers">{s.files.transfers}</h3>
          <ul className="remote-transfers">
            {transfers.map((t) => (
              <TransferRow key={t.id} transfer={t} onCancel={() => cancel(t)} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function TransferRow({ transfer: t, onCancel }: { transfer: Transfer; onCancel(): void }) {
  const label = `${t.direction === 'send' ? '↑' : '↓'} ${t.name}`;
  return (
    <li className={`remote-transfer ${t.state}`} data-state={t.state}>
      <span className="code">{label}</span>
      {t.state === 'hashing' ? <span className="hint">{s.files.hashing}</span> : null}
      {isRunning(t) && t.state !== 'hashing' ? (
        <progress max={Math.max(1, t.size)} value={t.bytes} aria-label={`${t.direction === 'send' ? s.files.sending : s.files.receiving} ${t.name}`} />
      ) : null}
      <span className="hint">
        {formatBytes(t.bytes)} / {formatBytes(t.size)}
      </span>
      {t.state === 'done' ? <span className="success-note">{s.files.verified}</span> : null}
      {t.state === 'done' && t.message ? <span className="hint">{s.files.savedAt(t.message)}</span> : null}
      {t.state === 'done' && t.url ? (
        <a href={t.url} download={t.name} className="button-link">
          {s.files.download}
        </a>
      ) : null}
      {t.state === 'failed' ? <span className="error-text">{s.files.failed(t.message ?? '')}</span> : null}
      {t.state === 'cancelled' ? <span className="hint">{s.files.cancelled}</span> : null}
      {isRunning(t) ? (
        <button type="button" onClick={onCancel}>
          {s.files.cancel}
        </button>
      ) : null}
    </li>
  );
}

/** Sends a file's chunks once the device accepted, waiting whenever the channel is full. */
async function pump(peer: RemotePeer, id: string, out: { file: File; n: number; cancelled: boolean }, dispatch: (e: Parameters<typeof nextTransfers>[1]) => void): Promise<void> {
  const bytes = new Uint8Array(await out.file.arrayBuffer());
  let sent = 0;
  let lastReport = 0;
  for (const [start, end] of chunkRanges(bytes.byteLength)) {
    if (out.cancelled) return;
    if (peer.pendingBytes('files') > SEND_WINDOW) await peer.drained('files');
    if (!peer.sendBinary('files', fileChunk(out.n, bytes.subarray(start, end)))) {
      dispatch({ type: 'failed', id, message: 'The connection closed.' });
      return;
    }
    sent = end;
    if (Date.now() - lastReport > 250) {
      lastReport = Date.now();
      dispatch({ type: 'progress', id, bytes: sent });
    }
  }
  if (out.cancelled) return;
  peer.send('files', { t: 'done', id });
  dispatch({ type: 'progress', id, bytes: sent });
}
