import type { TandemClient } from '../../shared/api/client';
import { Brand } from '../common/Brand';
import { SignInForm } from '../common/SignInForm';
import { useRoute } from '../common/router';
import { useSignedInUser } from '../common/session';
import { AcceptInvitePage } from './AcceptInvitePage';
import { AgentsOnly } from './AgentsOnly';
import { ConsoleFrame } from './ConsoleFrame';
import { LocalDataProvider } from './local/LocalDataContext';
import { SetupPage } from './SetupPage';

/** Top-level choice: setup and invitation pages, sign-in, the end-user notice, or the console frame. */
export function ConsoleApp({ client }: { client: TandemClient }) {
  const user = useSignedInUser(client);
  const route = useRoute();

  if (route.path === '/setup') return <SetupPage client={client} token={route.query.get('token')} />;
  if (route.path === '/accept-invite' && !user) return <AcceptInvitePage client={client} token={route.query.get('token')} />;
  if (!user) {
    return (
      <main className="auth-page">
        <div>
          <Brand />
          <SignInForm client={client} />
        </div>
      </main>
    );
  }
  if (user.role === 'end_user') return <AgentsOnly client={client} />;
  return (
    <LocalDataProvider client={client} user={user}>
      <ConsoleFrame client={client} user={user} path={route.path} />
    </LocalDataProvider>
  );
}
