import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject, type WheelEvent } from 'react';
import type { RemoteRight } from '../../../shared/domain/remote-session';
import type { ControlMessage, Monitor } from '../../../shared/remote/channels';
import type { RemotePeer } from '../../../shared/remote/peer';
import { remoteStrings as s } from '../../common/remoteStrings';
import { ClipboardBar } from './ClipboardBar';
import { buttonName, contentBox, keyMessage, pointerFraction, wheelNotches } from './pointer';

const QUALITIES = {
  low: { maxFps: 10, maxWidth: 1280 },
  medium: { maxFps: 20, maxWidth: 1920 },
  high: { maxFps: 30, maxWidth: 7680 },
} as const;
type Quality = keyof typeof QUALITIES;

interface ScreenViewProps {
  peer: RemotePeer | null;
  stream: MediaStream | null;
  rights: readonly RemoteRight[];
  deviceName: string;
  monitors: Monitor[];
  monitor: string | null;
  onMonitor(id: string): void;
  onQuality(q: { maxFps: number; maxWidth: number }): void;
}

/**
 * The device's screen as video, with a control overlay: pointer positions as fractions of the
 * picture actually drawn (not the letterbox bars), buttons, wheel, and keys by `code` while the
 * overlay has focus. Nothing is sent unless the control right is held and the agent turned
 * control on.
 */
export function ScreenView({ peer, stream, rights, deviceName, monitors, monitor, onMonitor, onQuality }: ScreenViewProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [wantControl, setWantControl] = useState(true);
  const [quality, setQuality] = useState<Quality>('high');
  const [hasPicture, setHasPicture] = useState(false);
  const mayControl = rights.includes('control');
  const controlling = mayControl && wantControl;
  const pendingMove = useRef<{ x: number; y: number } | null>(null);
  const frame = useRef<number | null>(null);

  useEffect(() => {
    const v = video.current;
    if (!v) return;
    v.srcObject = stream;
    setHasPicture(false);
    if (stream) void v.play().catch(() => {});
  }, [stream]);

  useEffect(() => () => void (frame.current !== null && cancelAnimationFrame(frame.current)), []);

  const stage = useFitToWindow();

  // What arrives (size, frames per second), so a picture lowered to fit the connection says so.
  const [arriving, setReceived] = useState<{ width: number; height: number; fps: number } | null>(null);
  const received = stream ? arriving : null;
  useEffect(() => {
    if (!stream) return;
    let last: { frames: number; at: number } | null = null;
    const timer = setInterval(() => {
      const v = video.current;
      if (!v || v.videoWidth === 0) return;
      const frames = v.getVideoPlaybackQuality().totalVideoFrames;
      const at = performance.now();
      const fps = last && at > last.at ? Math.round(((frames - last.frames) * 1000) / (at - last.at)) : 0;
      last = { frames, at };
      setReceived((r) => (r && r.width === v.videoWidth && r.height === v.videoHeight && r.fps === fps ? r : { width: v.videoWidth, height: v.videoHeight, fps }));
    }, 2000);
    return () => clearInterval(timer);
  }, [stream]);
  const shown = monitors.find((m) => m.id === monitor) ?? null;
  // Scaled below what the console asked for: the device fitted the picture to the connection.
  const askedWidth = QUALITIES[quality].maxWidth;
  const fitted = received !== null && shown !== null && received.width < Math.min(shown.width, askedWidth) - 2;

  const send = (message: ControlMessage) => {
    if (controlling && peer) peer.send('control', message);
  };
  const at = (e: { clientX: number; clientY: number }) => {
    const v = video.current;
    if (!v) return null;
    return pointerFraction(e.clientX, e.clientY, contentBox(v.getBoundingClientRect(), v.videoWidth, v.videoHeight));
  };

  // Moves go at most once per animation frame: a mouse reports far more often than a screen shows.
  const onMove = (e: MouseEvent) => {
    if (!controlling) return;
    const p = at(e);
    if (!p) return;
    pendingMove.current = p;
    frame.current ??= requestAnimationFrame(() => {
      frame.current = null;
      if (pendingMove.current) send({ t: 'move', ...pendingMove.current });
      pendingMove.current = null;
    });
  };
  const onButton = (e: MouseEvent, action: 'down' | 'up') => {
    if (!controlling) return;
    e.preventDefault();
    // Without preventScroll, focusing a picture taller than the space left scrolls the page between
    // press and release, and the release lands somewhere else on the remote screen (a drag).
    if (action === 'down') (e.currentTarget as HTMLElement).focus({ preventScroll: true });
    const p = at(e);
    const button = buttonName(e.button);
    if (p && button) send({ t: 'button', button, action, ...p });
  };
  const onWheel = (e: WheelEvent) => {
    if (!controlling) return;
    const { dx, dy } = wheelNotches(e.deltaX, e.deltaY, e.deltaMode);
    if (dx || dy) send({ t: 'wheel', dx, dy });
  };
  const onKey = (e: KeyboardEvent, action: 'down' | 'up') => {
    if (!controlling) return;
    // Tab and the browser's own keys would leave the page; while controlling they belong to the remote computer.
    e.preventDefault();
    const message = keyMessage(e, action);
    if (message) send(message);
  };

  return (
    <div className="remote-screen">
      <div className="remote-screen-tools" role="toolbar" aria-label={s.screen}>
        <label className="switch">
          <input type="checkbox" checked={controlling} disabled={!mayControl} onChange={(e) => setWantControl(e.target.checked)} />
          {s.control}
        </label>
        <span className="hint" role="status">
          {!mayControl ? s.noControlRight : controlling ? s.controlOn : s.controlOff}
        </span>
        {monitors.length > 1 ? (
          <label>
            {s.monitor}{' '}
            <select value={monitor ?? ''} onChange={(e) => onMonitor(e.target.value)}>
              {monitors.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.width}×{m.height})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {s.quality}{' '}
          <select
            value={quality}
            onChange={(e) => {
              const q = e.target.value as Quality;
              setQuality(q);
              onQuality(QUALITIES[q]);
            }}
          >
            {(Object.keys(QUALITIES) as Quality[]).map((q) => (
              <option key={q} value={q}>
                {s.qualities[q]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!controlling}
          onClick={() => {
            send({ t: 'key', code: 'Delete', action: 'press', modifiers: ['Control', 'Alt'] });
          }}
        >
          {s.sendCtrlAltDel}
        </button>
      </div>
      {mayControl ? <ClipboardBar peer={peer} /> : null}
      <div className="remote-screen-stage" ref={stage}>
        <video ref={video} className="remote-video" muted playsInline autoPlay onLoadedData={() => setHasPicture(true)} aria-hidden="true" />
        {!hasPicture ? <p className="remote-video-wait">{s.noVideo}</p> : null}
        {/* Over the picture's corner, not in the toolbar: a changing line there would move the picture under the pointer. */}
        {received ? (
          <p className={`remote-received${fitted ? ' fitted' : ''}`} data-testid="remote-received">
            {s.received(received.width, received.height, received.fps)}
            {fitted ? ` · ${s.fittedToConnection}` : ''}
          </p>
        ) : null}
        <div
          className={`remote-overlay${controlling ? ' controlling' : ''}`}
          role="application"
          aria-label={s.screenLabel(deviceName)}
          aria-roledescription={s.screen}
          tabIndex={0}
          onMouseMove={onMove}
          onMouseDown={(e) => onButton(e, 'down')}
          onMouseUp={(e) => onButton(e, 'up')}
          onContextMenu={(e) => controlling && e.preventDefault()}
          onWheel={onWheel}
          onKeyDown={(e) => onKey(e, 'down')}
          onKeyUp={(e) => onKey(e, 'up')}
          data-testid="remote-overlay"
        />
      </div>
    </div>
  );
}

/** Room left under the picture: the panel's and the page's bottom padding. */
const BELOW_PX = 40;
const MIN_PX = 320;

/**
 * Sizes the picture to end at the bottom of the window, whatever the bars above it take (they wrap
 * on narrow windows): a picture running below the window is cut off, and focusing it on a click
 * would scroll the page under the pointer.
 */
function useFitToWindow(): RefObject<HTMLDivElement | null> {
  const stage = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const fit = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      el.style.height = `${Math.max(MIN_PX, Math.floor(window.innerHeight - top - BELOW_PX))}px`;
    };
    fit();
    // What is above the picture changing height (a note on the clipboard bar, a wrapped toolbar) moves its top.
    const above = new ResizeObserver(fit);
    for (let node: Element | null = el.previousElementSibling; node; node = node.previousElementSibling) above.observe(node);
    window.addEventListener('resize', fit);
    return () => {
      above.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, []);
  return stage;
}
