import { useEffect, useId, useRef, useState } from 'react';
import { REMOTE_RIGHTS, type RemoteRight } from '../../shared/domain/remote-session';
import type { ConsentAnswer, ConsentRequest } from '../../shared/remote/consent';
import { remoteStrings as s } from '../common/remoteStrings';
import { answerOf, promptSeconds, secondsUntil, toggleGrant } from './consentModel';

interface ConsentPromptProps {
  request: ConsentRequest;
  /** When the prompt gives up (local clock); see promptDeadline. */
  deadline: number;
  onAnswer(answer: ConsentAnswer): void;
  /** The time ran out without an answer (the device counts that as no). */
  onExpired(): void;
}

/**
 * Asks the person at the computer whether IT may connect: who asks, for which request, one toggle
 * per right asked for (all on; they can grant less), Accept or Refuse, and the seconds left before
 * it counts as no. A modal dialog: it takes focus and keeps it until answered.
 */
export function ConsentPrompt({ request, deadline, onAnswer, onExpired }: ConsentPromptProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [granted, setGranted] = useState<RemoteRight[]>(() => REMOTE_RIGHTS.filter((r) => request.rights.includes(r)));
  const [now, setNow] = useState(() => Date.now());
  const left = secondsUntil(deadline, now);
  const expired = useRef(onExpired);
  useEffect(() => {
    expired.current = onExpired;
  });

  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    // The dialog itself takes focus, so its name and the question are read first and no stray
    // Enter accepts before the person has read who asks.
    dialog.focus();
    return () => dialog.close();
  }, []);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left === 0) expired.current();
  }, [left]);

  const asked = REMOTE_RIGHTS.filter((r) => request.rights.includes(r));
  return (
    <dialog
      ref={ref}
      className="consent-prompt"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-who`}
      tabIndex={-1}
      // Esc is a refusal, never a silent dismissal that leaves the agent waiting.
      onCancel={(e) => {
        e.preventDefault();
        onAnswer(answerOf(request.promptId, granted, false));
      }}
    >
      <h1 id={`${id}-title`}>{s.consentHeading}</h1>
      <p id={`${id}-who`} className="consent-who">
        {s.consentWho(request.agent.name, request.agent.email)}
      </p>
      {request.ticket ? <p className="hint">{s.consentTicket(request.ticket.number, request.ticket.subject)}</p> : null}
      <fieldset className="consent-rights">
        <legend>{s.consentAllow}</legend>
        {asked.map((r) => (
          <label key={r} className="consent-right">
            <input type="checkbox" role="switch" checked={granted.includes(r)} aria-describedby={`${id}-${r}`} onChange={(e) => setGranted(toggleGrant(asked, granted, r, e.target.checked))} />
            <span>
              <span className="consent-right-name">{s.rights[r]}</span>
              <span className="hint" id={`${id}-${r}`}>
                {r === 'control' ? `${s.rightHint[r]} ${s.consentControlNeedsView}` : s.rightHint[r]}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="consent-footer">
        <div className="consent-countdown">
          <progress max={promptSeconds(request)} value={left} aria-hidden="true" />
          {/* Announced at 20, 10 and the last 5 seconds only: every second would drown the prompt. */}
          <p aria-live={left % 10 === 0 || left <= 5 ? 'assertive' : 'off'}>{s.consentCountdown(left)}</p>
        </div>
        {granted.length === 0 ? <p className="hint">{s.consentNoneChosen}</p> : null}
        <div className="actions consent-actions">
          <button type="button" className="primary" disabled={granted.length === 0} onClick={() => onAnswer(answerOf(request.promptId, granted, true))}>
            {s.consentAccept}
          </button>
          <button type="button" onClick={() => onAnswer(answerOf(request.promptId, granted, false))}>
            {s.consentRefuse}
          </button>
        </div>
      </div>
    </dialog>
  );
}
