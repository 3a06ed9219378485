import { useState, type FormEvent } from 'react';
import { isApiError, type TandemClient } from '../../shared/api/client';
import { ErrorNote, Field, messageOf } from './Field';
import { strings } from './strings';

type Step = 'credentials' | 'totp' | 'recovery';

/**
 * Email and password, then — when the server answers `totp_required` — the authenticator code or a
 * recovery code. The server's sentence (wrong password, wait N s, locked) is shown as it is.
 */
export function SignInForm({ client, heading = strings.signIn.heading }: { client: TandemClient; heading?: string }) {
  const s = strings.signIn;
  const [step, setStep] = useState<Step>('credentials');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const second = step === 'totp' ? { totp: code.trim() } : step === 'recovery' ? { recoveryCode: code.trim() } : {};
      await client.signIn({ email, password, ...second });
    } catch (err) {
      if (isApiError(err, 'totp_required')) {
        setStep('totp');
        setCode('');
      } else {
        setError(messageOf(err, strings.genericError));
      }
    } finally {
      setBusy(false);
    }
  };

  const switchStep = (next: Step) => {
    setStep(next);
    setCode('');
    setError(null);
  };

  return (
    <form className="card auth-card" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      {step === 'credentials' ? (
        <>
          <h1>{heading}</h1>
          <Field label={s.email} type="email" autoComplete="username" value={email} onChange={setEmail} required autoFocus />
          <Field label={s.password} type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
        </>
      ) : (
        <>
          <h1>{s.totpHeading}</h1>
          <p>{step === 'totp' ? s.totpIntro : s.recoveryIntro}</p>
          {step === 'totp' ? (
            <Field
              key="totp"
              label={s.totpCode}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(v) => setCode(v.replace(/\D/g, ''))}
              required
              // Each step's input takes focus as it appears, so keyboard users type straight on.
              autoFocus
            />
          ) : (
            <Field key="recovery" label={s.recoveryCode} autoComplete="off" spellCheck={false} maxLength={32} value={code} onChange={setCode} required autoFocus />
          )}
        </>
      )}
      <ErrorNote message={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? s.working : step === 'credentials' ? s.submit : s.verify}
        </button>
        {step !== 'credentials' ? (
          <>
            <button type="button" className="link" onClick={() => switchStep(step === 'totp' ? 'recovery' : 'totp')}>
              {step === 'totp' ? s.useRecovery : s.useTotp}
            </button>
            <button type="button" className="link" onClick={() => switchStep('credentials')}>
              {s.back}
            </button>
          </>
        ) : null}
      </div>
    </form>
  );
}
