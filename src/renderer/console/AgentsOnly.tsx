import type { TandemClient } from '../../shared/api/client';
import { strings } from '../common/strings';
import { AuthPage } from './AuthPage';

/** What an end user sees after signing in to the console: where to go instead, and a way out. */
export function AgentsOnly({ client }: { client: TandemClient }) {
  return (
    <AuthPage>
      <h1>{strings.agentsOnly.heading}</h1>
      <p>{strings.agentsOnly.body}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void client.signOut()}>
          {strings.frame.signOut}
        </button>
      </div>
    </AuthPage>
  );
}
