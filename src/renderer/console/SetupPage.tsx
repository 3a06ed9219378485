import { useState } from 'react';
import type { TandemClient } from '../../shared/api/client';
import { ErrorNote, Field } from '../common/Field';
import { hrefOf, navigate } from '../common/router';
import { strings } from '../common/strings';
import { useApi } from '../common/useApi';
import { AuthPage } from './AuthPage';
import { PasswordPair, useNewPasswordForm } from './PasswordPair';

/** First run: creates the first admin with the one-time token from the server's start-up output. */
export function SetupPage({ client, token }: { client: TandemClient; token: string | null }) {
  const s = strings.setup;
  const [status] = useApi(() => client.setupStatus(), 'setup');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const form = useNewPasswordForm(async (password) => {
    await client.completeSetup({ token: token ?? '', name, email, password });
    navigate('/queue', { replace: true });
  });

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
      <form onSubmit={form.submit} noValidate aria-busy={form.busy}>
        <h1>{s.heading}</h1>
        <p>{s.intro}</p>
        <Field label={s.name} autoComplete="name" value={name} onChange={setName} required autoFocus />
        <Field label={strings.signIn.email} type="email" autoComplete="username" value={email} onChange={setEmail} required />
        <PasswordPair {...form.pair} />
        <ErrorNote message={status.state === 'failed' ? status.error.message : form.error} />
        <button type="submit" className="primary" disabled={form.busy}>
          {s.submit}
        </button>
      </form>
    </AuthPage>
  );
}
