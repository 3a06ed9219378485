import type { TandemClient } from '../../shared/api/client';
import type { User } from '../../shared/domain/user';
import { roleName, strings } from '../common/strings';
import { ChangePassword } from './ChangePassword';
import { TwoFactorSetup } from './TwoFactorSetup';

/** The signed-in user's own settings: profile, two-factor sign-in, password. */
export function AccountPage({ client, user }: { client: TandemClient; user: User }) {
  const s = strings.account;
  return (
    <section aria-labelledby="section-heading" className="stack">
      <h1 id="section-heading">{s.heading}</h1>
      <div className="card">
        <h2>{s.profile}</h2>
        <dl className="facts">
          <dt>{strings.users.name}</dt>
          <dd>{user.name}</dd>
          <dt>{strings.users.email}</dt>
          <dd>{user.email}</dd>
          <dt>{strings.users.role}</dt>
          <dd>{roleName(user.role)}</dd>
        </dl>
      </div>
      <TwoFactorSetup client={client} enabled={user.totpEnabled} />
      <ChangePassword client={client} />
    </section>
  );
}
