import { useState } from 'react';
import type { TandemClient } from '../../shared/api/client';
import { Field } from '../common/Field';
import { hrefOf, navigate } from '../common/router';
import { strings } from '../common/strings';
import { useApi } from '../common/useApi';
import { AuthPage } from './AuthPage';
import { TokenPasswordPage, useNewPasswordForm } from './PasswordPair';

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
  return (
    <TokenPasswordPage token={token} text={s} form={form} error={status.state === 'failed' ? status.error.message : null}>
      <Field label={s.name} autoComplete="name" value={name} onChange={setName} required autoFocus />
      <Field label={strings.signIn.email} type="email" autoComplete="username" value={email} onChange={setEmail} required />
    </TokenPasswordPage>
  );
}
