import { useState, type FormEvent } from 'react';
import { TotpEnrollResponse, TotpVerifyResponse } from '../../shared/api/auth';
import type { TandemClient } from '../../shared/api/client';
import { ErrorNote, Field, messageOf } from '../common/Field';
import { strings } from '../common/strings';

type Stage = { kind: 'idle' } | { kind: 'enrolling'; secret: string; otpauthUrl: string } | { kind: 'codes'; codes: string[] };

/** Turns on two-factor sign-in: secret and setup link, a code to confirm, recovery codes shown once. */
export function TwoFactorSetup({ client, enabled }: { client: TandemClient; enabled: boolean }) {
  const s = strings.account;
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    } finally {
      setBusy(false);
    }
  };

  const start = () => run(async () => setStage({ kind: 'enrolling', ...(await client.post('/api/auth/totp/enroll', {}, TotpEnrollResponse)) }));
  const verify = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const { recoveryCodes } = await client.post('/api/auth/totp/verify', { code }, TotpVerifyResponse);
      setCode('');
      setStage({ kind: 'codes', codes: recoveryCodes });
    });
  };
  // The user record says "on" only after the codes are acknowledged, so they cannot vanish mid-read.
  const finish = () => run(async () => {
    await client.reloadUser();
    setStage({ kind: 'idle' });
  });

  return (
    <div className="card" aria-labelledby="totp-heading" role="region">
      <h2 id="totp-heading">{s.twoFactorHeading}</h2>
      {stage.kind === 'codes' ? (
        <>
          <h3>{s.recoveryHeading}</h3>
          <p>{s.recoveryIntro}</p>
          <ul className="recovery-codes" aria-label={s.recoveryHeading}>
            {stage.codes.map((c) => (
              <li key={c} className="code">
                {c}
              </li>
            ))}
          </ul>
          <button type="button" className="primary" onClick={() => void finish()} disabled={busy}>
            {s.recoverySaved}
          </button>
        </>
      ) : enabled ? (
        <p>{s.twoFactorOn}</p>
      ) : stage.kind === 'enrolling' ? (
        <form onSubmit={verify} noValidate aria-busy={busy}>
          <p>{s.enrolStep1}</p>
          <dl className="facts">
            <dt>{s.secret}</dt>
            <dd className="code">{stage.secret}</dd>
            <dt>{s.otpauth}</dt>
            <dd>
              <a className="code" href={stage.otpauthUrl}>
                {stage.otpauthUrl}
              </a>
            </dd>
          </dl>
          <p>{s.enrolStep2}</p>
          <Field
            label={strings.signIn.totpCode}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(v) => setCode(v.replace(/\D/g, ''))}
            required
          />
          <ErrorNote message={error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {s.confirm}
            </button>
            <button type="button" onClick={() => setStage({ kind: 'idle' })}>
              {s.cancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p>{s.twoFactorOff}</p>
          <ErrorNote message={error} />
          <button type="button" className="primary" onClick={() => void start()} disabled={busy}>
            {s.enrol}
          </button>
        </>
      )}
    </div>
  );
}
