import { useEffect, useReducer, useRef, useState } from 'react';
import { z } from 'zod';
import type { TandemClient } from '../../../shared/api/client';
import { RemoteSession } from '../../../shared/domain/remote-session';
import type { RemotePeer } from '../../../shared/remote/peer';
import { messageOf } from '../../common/Field';
import { remoteStrings as s } from '../../common/remoteStrings';
import { followLink, hrefOf, navigate } from '../../common/router';
import { serverBaseUrl } from '../../common/session';
import { useDevice, useTicketById } from './remoteHooks';
import { DoubleEscape } from './pointer';
import { INITIAL_VIEW, nextView, type SessionView } from './sessionModel';
import { SessionConnection } from './signalingConnection';
import { SessionTools } from './SessionTools';
import { WaitingForConsent } from './WaitingForConsent';
import './remote.css';

/**
 * One remote session (`/remote/:id`): its state from the signaling socket — waiting for consent,
 * refused / timed out / ended with the reason and a retry, or active with the tools the device
 * granted. The agent ends it with the button, Esc twice, or Ctrl+Shift+E.
 */
export function RemoteSessionPage({ client, sessionId }: { client: TandemClient; sessionId: string }) {
  const [view, dispatch] = useReducer(nextView, INITIAL_VIEW);
  const [peer, setPeer] = useState<RemotePeer | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const connection = useRef<SessionConnection | null>(null);

  useEffect(() => {
    let live = true;
    let conn: SessionConnection | null = null;
    void serverBaseUrl().then((baseUrl) => {
      if (!live) return;
      conn = new SessionConnection({ client, baseUrl, sessionId, onEvent: dispatch, onPeer: setPeer, onStream: setStream });
      connection.current = conn;
      conn.start();
    });
    return () => {
      live = false;
      conn?.stop();
      connection.current = null;
    };
  }, [client, sessionId]);

  const active = view.phase === 'active' || view.phase === 'waiting';
  const end = async () => {
    try {
      await connection.current?.end();
    } catch (err) {
      setError(messageOf(err, s.socketLost));
    }
  };

  // Esc twice (one Esc alone may be meant for the remote computer) or Ctrl+Shift+E ends it.
  const escape = useRef(new DoubleEscape());
  const endRef = useRef(end);
  useEffect(() => {
    endRef.current = end;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) return;
      if ((e.key === 'Escape' && escape.current.press(performance.now())) || (e.ctrlKey && e.shiftKey && e.code === 'KeyE')) {
        e.preventDefault();
        void endRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const session = 'session' in view ? view.session : null;
  const device = useDevice(session?.deviceId ?? null);
  const ticket = useTicketById(session?.ticketId ?? null);
  const deviceName = (view.phase === 'active' && view.hello?.deviceName) || device?.name || s.tab.screen;

  return (
    <section aria-labelledby="section-heading" className="remote-page">
      <header className="remote-head">
        <h1 id="section-heading">{s.sessionHeading(deviceName)}</h1>
        {ticket ? (
          <a href={hrefOf(`/queue/T-${ticket.number}`)} onClick={(e) => followLink(e, `/queue/T-${ticket.number}`)}>
            T-{ticket.number} {ticket.subject}
          </a>
        ) : null}
        {active ? (
          <div className="remote-end">
            <button type="button" className="danger" onClick={() => void end()} aria-describedby="end-hint">
              {s.end}
            </button>
            <span id="end-hint" className="hint">
              {s.endHint}
            </span>
          </div>
        ) : null}
      </header>
      {error ? <p className="error-note" role="alert">{error}</p> : null}
      <Status view={view} client={client} onError={setError} />
      {view.phase === 'active' ? (
        <SessionTools
          view={view}
          peer={peer}
          stream={stream}
          deviceName={deviceName}
          onMonitor={(id) => {
            connection.current?.sendSession({ t: 'monitor', id });
            dispatch({ type: 'monitor', monitor: id });
          }}
          onQuality={(q) => connection.current?.sendSession({ t: 'quality', ...q })}
        />
      ) : null}
    </section>
  );
}

function Status({ view, client, onError }: { view: SessionView; client: TandemClient; onError(message: string): void }) {
  const [retrying, setRetrying] = useState(false);
  switch (view.phase) {
    case 'connecting':
      return <p role="status">{view.socketDown ? s.socketLost : s.connecting}</p>;
    case 'lost':
      return (
        <p className="error-note" role="alert">
          {s.socketRefused}
        </p>
      );
    case 'waiting':
      return <WaitingForConsent deadline={view.deadline} windowMs={view.windowMs} socketDown={view.socketDown} />;
    case 'active':
      return (
        <p role="status" className={`remote-status ${view.peer}`}>
          <span className={`sync-dot ${view.peer === 'connected' ? 'online' : 'connecting'}`} aria-hidden="true" />{' '}
          <span className="remote-status-text">{view.socketDown ? s.socketLost : view.peer === 'connected' ? s.connected : view.peer === 'reconnecting' ? s.reconnecting : s.negotiating}</span>
          {view.session.unattended ? <span className="hint"> · {s.unattended}</span> : null}
          <span className="remote-rights">
            <span className="visually-hidden">{s.granted}:</span>
            {view.rights.map((r) => (
              <span key={r} className="badge accent">
                {s.rightShort[r]}
              </span>
            ))}
          </span>
        </p>
      );
    case 'over': {
      const again = async () => {
        setRetrying(true);
        try {
          const started = await client.post(
            '/api/remote-sessions',
            { deviceId: view.session.deviceId, rights: view.session.requested, ...(view.session.ticketId ? { ticketId: view.session.ticketId } : {}) },
            z.object({ session: RemoteSession }).or(RemoteSession),
          );
          const next = 'session' in started ? started.session : started;
          navigate(`/remote/${encodeURIComponent(next.id)}`);
        } catch (err) {
          onError(messageOf(err, s.socketLost));
        } finally {
          setRetrying(false);
        }
      };
      return (
        <div className={`remote-over ${view.outcome}`} role="status">
          <h2>{s.outcome[view.outcome]}</h2>
          {view.reason ? <p>{view.reason}</p> : null}
          {view.session.endedBy && view.outcome === 'ended' ? <p className="hint">{s.endedBy[view.session.endedBy]}</p> : null}
          <button type="button" className="primary" disabled={retrying} onClick={() => void again()}>
            {s.tryAgain}
          </button>
        </div>
      );
    }
  }
}
