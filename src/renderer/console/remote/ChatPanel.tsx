import { useEffect, useRef, useState } from 'react';
import type { RemotePeer } from '../../../shared/remote/peer';
import { remoteStrings as s } from '../../common/remoteStrings';

interface Line {
  id: string;
  mine: boolean;
  text: string;
  at: number;
}

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** Messages with the person at the device over the chat channel. */
export function ChatPanel({ peer, onUnread }: { peer: RemotePeer | null; onUnread?(): void }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState('');
  const [typing, setTyping] = useState(false);
  const counter = useRef(0);
  const lastTyping = useRef(0);
  const unread = useRef(onUnread);
  useEffect(() => {
    unread.current = onUnread;
  });

  useEffect(() => {
    if (!peer) return;
    let clear: ReturnType<typeof setTimeout> | undefined;
    const off = peer.on('chat', (m) => {
      if (m.t === 'typing') {
        setTyping(true);
        clearTimeout(clear);
        clear = setTimeout(() => setTyping(false), 3000);
        return;
      }
      setTyping(false);
      setLines((l) => (l.some((x) => x.id === m.id) ? l : [...l, { id: m.id, mine: false, text: m.text, at: m.at }]));
      unread.current?.();
    });
    return () => {
      off();
      clearTimeout(clear);
    };
  }, [peer]);

  const send = () => {
    const body = text.trim();
    if (!peer || !body) return;
    const line = { id: `c${Date.now().toString(36)}${++counter.current}`, mine: true, text: body.slice(0, 4000), at: Date.now() };
    if (peer.send('chat', { t: 'message', id: line.id, text: line.text, at: line.at })) {
      setLines((l) => [...l, line]);
      setText('');
    }
  };

  return (
    <div className="remote-chat">
      <h3 className="visually-hidden">{s.chat.heading}</h3>
      <ol className="remote-chat-lines" aria-live="polite" aria-label={s.chat.heading}>
        {lines.length === 0 ? <li className="hint">{s.chat.empty}</li> : null}
        {lines.map((l) => (
          <li key={l.id} className={l.mine ? 'mine' : 'theirs'}>
            <span className="remote-chat-who">{l.mine ? s.chat.you : s.chat.them}</span> <time className="hint">{time.format(l.at)}</time>
            <p>{l.text}</p>
          </li>
        ))}
      </ol>
      {typing ? <p className="hint">{s.chat.typing}</p> : null}
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label className="visually-hidden" htmlFor="remote-chat-input">
          {s.chat.message}
        </label>
        <input
          id="remote-chat-input"
          value={text}
          maxLength={4000}
          onChange={(e) => {
            setText(e.target.value);
            if (peer && Date.now() - lastTyping.current > 2000) {
              lastTyping.current = Date.now();
              peer.send('chat', { t: 'typing' });
            }
          }}
        />
        <button type="submit" className="primary" disabled={!peer || !text.trim()}>
          {s.chat.send}
        </button>
      </form>
    </div>
  );
}
