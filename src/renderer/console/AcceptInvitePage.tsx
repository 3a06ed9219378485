import { useState, type FormEvent } from 'react';
import type { TandemClient } from '../../shared/api/client';
import { ErrorNote, messageOf } from '../common/Field';
import { navigate } from '../common/router';
import { strings } from '../common/strings';
import { AuthPage } from './AuthPage';
import { PasswordPair } from './PasswordPair';

/** An invited user chooses their password; the server signs them in. */
export function AcceptInvitePage({ client, token }: { client: TandemClient; token: string | null }) {
  const s = strings.invite;
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
      await client.acceptInvite({ token: token ?? '', password });
      navigate('/queue', { replace: true });
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    } finally {
      setBusy(false);
    }
  };

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
        <PasswordPair password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
        <ErrorNote message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {s.submit}
        </button>
      </form>
    </AuthPage>
  );
}
