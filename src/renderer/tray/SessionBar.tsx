import { useState } from 'react';
import type { RunningSession } from '../../shared/remote/consent';
import { remoteStrings as s } from '../common/remoteStrings';

interface SessionBarProps {
  session: RunningSession;
  onViewOnly(viewOnly: boolean): void;
  onEnd(): void;
  onChat(text: string): void;
}

/**
 * Always on top of the tray while a session runs (attended or unattended): who is connected, what
 * they may do, "View only" to take mouse and keyboard back, "End session", and the chat.
 */
export function SessionBar({ session, onViewOnly, onEnd, onChat }: SessionBarProps) {
  const [text, setText] = useState('');
  const mayControlBack = session.viewOnly || session.rights.includes('control');
  const lastLines = session.chat.slice(-3);
  return (
    <section className="session-bar" aria-labelledby="session-bar-title" aria-live="polite">
      <h2 id="session-bar-title" className="session-bar-title">
        <span className={`sync-dot ${session.connection === 'connected' ? 'live' : 'waiting'}`} aria-hidden="true" />
        {session.unattended ? s.barUnattended(session.agent.name) : s.barRunning(session.agent.name)}
      </h2>
      <p className="session-bar-rights">
        <span className="hint">{s.barRights}:</span>{' '}
        {session.rights.map((r) => (
          <span key={r} className="badge">
            {s.rightShort[r]}
          </span>
        ))}
        {session.connection === 'reconnecting' ? <span className="hint"> · {s.reconnecting}</span> : null}
      </p>
      {session.rights.includes('chat') ? (
        <div className="session-bar-chat">
          {lastLines.length ? (
            <ol aria-label={s.chat.heading}>
              {lastLines.map((l) => (
                <li key={l.id}>
                  <strong>{l.from === 'agent' ? session.agent.name : s.chat.you}:</strong> {l.text}
                </li>
              ))}
            </ol>
          ) : null}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!text.trim()) return;
              onChat(text.trim());
              setText('');
            }}
          >
            <label className="visually-hidden" htmlFor="session-bar-chat-input">
              {s.chat.message}
            </label>
            <input id="session-bar-chat-input" value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} placeholder={s.chat.message} />
            <button type="submit" disabled={!text.trim()}>
              {s.chat.send}
            </button>
          </form>
        </div>
      ) : null}
      <div className="actions session-bar-actions">
        {mayControlBack ? (
          <button type="button" aria-pressed={session.viewOnly} onClick={() => onViewOnly(!session.viewOnly)} title={s.viewOnlyHint}>
            {s.viewOnly}
          </button>
        ) : null}
        <button type="button" className="danger" onClick={onEnd}>
          {s.endSession}
        </button>
      </div>
    </section>
  );
}
