import type { TandemClient } from '../../shared/api/client';
import { ErrorNote } from '../common/Field';
import { navigate } from '../common/router';
import { strings } from '../common/strings';
import { AuthPage } from './AuthPage';
import { PasswordPair, useNewPasswordForm } from './PasswordPair';

/** An invited user chooses their password; the server signs them in. */
export function AcceptInvitePage({ client, token }: { client: TandemClient; token: string | null }) {
  const s = strings.invite;
  const form = useNewPasswordForm(async (password) => {
    await client.acceptInvite({ token: token ?? '', password });
    navigate('/queue', { replace: true });
  });

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
        <PasswordPair {...form.pair} />
        <ErrorNote message={form.error} />
        <button type="submit" className="primary" disabled={form.busy}>
          {s.submit}
        </button>
      </form>
    </AuthPage>
  );
}
