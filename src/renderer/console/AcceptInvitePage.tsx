import type { TandemClient } from '../../shared/api/client';
import { navigate } from '../common/router';
import { strings } from '../common/strings';
import { TokenPasswordPage, useNewPasswordForm } from './PasswordPair';

/** An invited user chooses their password; the server signs them in. */
export function AcceptInvitePage({ client, token }: { client: TandemClient; token: string | null }) {
  const form = useNewPasswordForm(async (password) => {
    await client.acceptInvite({ token: token ?? '', password });
    navigate('/queue', { replace: true });
  });
  return <TokenPasswordPage token={token} text={strings.invite} form={form} />;
}
