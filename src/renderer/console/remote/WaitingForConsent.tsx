import { useEffect, useState } from 'react';
import { remoteStrings as s } from '../../common/remoteStrings';
import { secondsLeft } from './sessionModel';

/**
 * The wait for the person at the device, with the seconds left until it counts as no: `deadline`
 * on this machine's clock, out of `windowMs` in all (the server's consent timeout; whole seconds
 * rounded down for the bar, as the deadline counts from the offer, a moment after the request).
 */
export function WaitingForConsent({ deadline, windowMs, socketDown }: { deadline: number; windowMs: number; socketDown: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const left = secondsLeft(deadline, now);
  return (
    <div className="remote-waiting">
      <p role="status">{socketDown ? s.socketLost : s.waiting}</p>
      <progress max={Math.max(1, Math.floor(windowMs / 1000))} value={left} aria-label={s.waitingSeconds(left)} />
      {/* Read out only now and then: a screen reader announcing every second is noise. */}
      <p className="remote-countdown" aria-live={left % 10 === 0 || left <= 5 ? 'polite' : 'off'}>
        {s.waitingSeconds(left)}
      </p>
    </div>
  );
}
