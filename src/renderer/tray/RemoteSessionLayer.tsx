import { useEffect, useState } from 'react';
import type { TandemBridge } from '../../shared/ipc';
import type { ConsentAnswer, ConsentRequest, RunningSessionState } from '../../shared/remote/consent';
import { remoteStrings as s } from '../common/remoteStrings';
import { ConsentPrompt } from './ConsentPrompt';
import { promptDeadline } from './consentModel';
import { SessionBar } from './SessionBar';
import './remoteSession.css';

interface Waiting {
  request: ConsentRequest;
  deadline: number;
}

/** Calls `poll` again and again (long-polls) until stopped, pausing after a failure. */
function useLongPoll(run: ((live: () => boolean) => Promise<void>) | null): void {
  useEffect(() => {
    if (!run) return;
    let live = true;
    void (async () => {
      while (live) {
        try {
          await run(() => live);
        } catch {
          // The bridge or main went away for a moment; ask again shortly.
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [run]);
}

/**
 * Remote assistance in the tray, shown whether or not anyone is signed in (the device is asked, not
 * an account): the consent prompt for each request, and the running-session bar while a session
 * runs. Both talk to the device's session host through the `session:*` IPC channels.
 */
export function RemoteSessionLayer({ tandem }: { tandem: TandemBridge | null }) {
  const [prompts, setPrompts] = useState<Waiting[]>([]);
  const [state, setState] = useState<RunningSessionState>({ version: 0, session: null });
  const [error, setError] = useState<string | null>(null);
  const [pollPrompts] = useState(() =>
    tandem
      ? async (live: () => boolean) => {
          const request = await tandem.session.nextPrompt({ waitMs: 25_000 });
          if (!request || !live()) return;
          setPrompts((p) => (p.some((w) => w.request.promptId === request.promptId) ? p : [...p, { request, deadline: promptDeadline(request, Date.now()) }]));
          void tandem.app.notify({ title: s.consentHeading, body: s.consentWho(request.agent.name, request.agent.email) }).catch(() => {});
        }
      : null,
  );
  const [pollSession] = useState(() => {
    if (!tandem) return null;
    let version: number | undefined;
    return async (live: () => boolean) => {
      const next = await tandem.session.current(version === undefined ? { waitMs: 0 } : { afterVersion: version, waitMs: 25_000 });
      if (!live()) return;
      version = next.version;
      setState(next);
    };
  });
  useLongPoll(pollPrompts);
  useLongPoll(pollSession);

  if (!tandem) return null;
  const current = prompts[0];
  const drop = (promptId: string) => setPrompts((p) => p.filter((w) => w.request.promptId !== promptId));
  const answer = (a: ConsentAnswer) => {
    drop(a.promptId);
    void tandem.session.answer(a).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const session = state.session;
  return (
    <>
      {error ? (
        <p className="error-note session-error" role="alert">
          {error}{' '}
          <button type="button" className="link" onClick={() => setError(null)}>
            ×
          </button>
        </p>
      ) : null}
      {session ? (
        <SessionBar
          session={session}
          onViewOnly={(viewOnly) =>
            void tandem.session
              .setViewOnly({ sessionId: session.sessionId, viewOnly })
              .then(setState)
              .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
          }
          onEnd={() => void tandem.session.end({ sessionId: session.sessionId }).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))}
          onChat={(text) => void tandem.session.chat({ sessionId: session.sessionId, text }).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))}
        />
      ) : null}
      {current ? <ConsentPrompt key={current.request.promptId} request={current.request} deadline={current.deadline} onAnswer={answer} onExpired={() => drop(current.request.promptId)} /> : null}
    </>
  );
}
