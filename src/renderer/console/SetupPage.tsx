import { useState, type FormEvent } from 'react';
import type { TandemClient } from '../../shared/api/client';
import { ErrorNote, Field, messageOf } from '../common/Field';
import { hrefOf, navigate } from '../common/router';
import { strings } from '../common/strings';
import { useApi } from '../common/useApi';
import { AuthPage } from './AuthPage';
import { PasswordPair } from './PasswordPair';

/** First run: creates the first admin with the one-time token from the server's start-up output. */
export function SetupPage({ client, token }: { client: TandemClient; token: string | null }) {
  const s = strings.setup;
  const [status] = useApi(() => client.setupStatus(), 'setup');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return setError(strings.password.mismatch);
    setBusy(true);
    setError(null);
    try {
      await client.completeSetup({ token: token ?? '', name, email, password });
      navigate('/queue', { replace: true });
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    } finally {
      setBusy(false);
    }
  };

  if (status.state === 'loading') return <AuthPage><p role="status">{strings.loading}</p></AuthPage>;
  if (status.state === 'ready' && !status.data) {
    return (
      <AuthPage>
        <h1>{s.heading}</h1>
        <p>{s.done}</p>
        <a href={hrefOf('/')}>{s.goToSignIn}</a>
      </AuthPage>
    );
  }
  if (!token) {
    return (
      <AuthPage>
        <h1>{s.heading}</h1>
        <ErrorNote message={s.noToken} />
      </AuthPage>
    );
  }
  return (
    <AuthPage>
      <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <h1>{s.heading}</h1>
        <p>{s.intro}</p>
        <Field label={s.name} autoComplete="name" value={name} onChange={setName} required autoFocus />
        <Field label={strings.signIn.email} type="email" autoComplete="username" value={email} onChange={setEmail} required />
        <PasswordPair password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
        <ErrorNote message={status.state === 'failed' ? status.error.message : error} />
        <button type="submit" className="primary" disabled={busy}>
          {s.submit}
        </button>
      </form>
    </AuthPage>
  );
}
