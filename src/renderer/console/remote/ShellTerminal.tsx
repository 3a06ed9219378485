import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import type { RemotePeer } from '../../../shared/remote/peer';
import { remoteStrings as s } from '../../common/remoteStrings';

const DARK = { background: '#101418', foreground: '#e6e9ed', cursor: '#2dd4bf', selectionBackground: '#2dd4bf55' };

/**
 * One terminal tab: xterm.js bound to a PTY on the device through the shell channel. It opens (or
 * re-attaches to) its tab whenever a new peer arrives; the device answers `opened` with the recent
 * screen to replay, so a reconnect shows what was there. Resizes follow the panel.
 */
export function ShellTerminal({ peer, tab, name, visible }: { peer: RemotePeer | null; tab: string; name: string; visible: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<{ terminal: Terminal; fit: FitAddon } | null>(null);
  const peerRef = useRef(peer);
  useEffect(() => {
    peerRef.current = peer;
  }, [peer]);

  useEffect(() => {
    const terminal = new Terminal({ cursorBlink: true, fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 13, theme: DARK, scrollback: 5000 });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(host.current!);
    terminal.textarea?.setAttribute('aria-label', s.terminal(name));
    term.current = { terminal, fit };
    const input = terminal.onData((data) => peerRef.current?.send('shell', { t: 'input', tab, data }));
    const resized = terminal.onResize(({ cols, rows }) => peerRef.current?.send('shell', { t: 'resize', tab, cols, rows }));
    const observer = new ResizeObserver(() => {
      if (host.current?.offsetParent) fit.fit();
    });
    observer.observe(host.current!);
    return () => {
      observer.disconnect();
      input.dispose();
      resized.dispose();
      terminal.dispose();
      term.current = null;
    };
  }, [tab, name]);

  useEffect(() => {
    if (!peer || !term.current) return;
    const { terminal, fit } = term.current;
    if (host.current?.offsetParent) fit.fit();
    const off = peer.on('shell', (m) => {
      if (!('tab' in m) || m.tab !== tab) return;
      if (m.t === 'opened') {
        if (m.replay) {
          terminal.reset();
          terminal.write(m.replay);
        }
      } else if (m.t === 'output') terminal.write(m.data);
      else if (m.t === 'exit') terminal.write(s.shellExited(m.code));
      else if (m.t === 'error') terminal.write(`\r\n[${m.message}]\r\n`);
    });
    peer.send('shell', { t: 'open', tab, cols: terminal.cols, rows: terminal.rows });
    return off;
  }, [peer, tab]);

  useEffect(() => {
    if (!visible || !term.current) return;
    term.current.fit.fit();
    term.current.terminal.focus();
  }, [visible]);

  // xterm's fit measures the element it is in, padding included: the padding goes on a frame
  // around it, or the last rows would hang out of the frame (and the prompt with them).
  return (
    <div className="remote-terminal" data-tab={tab}>
      <div className="remote-terminal-screen" ref={host} />
    </div>
  );
}
