import { useState } from 'react';
import { OkResponse } from '../../shared/api/auth';
import type { TandemClient } from '../../shared/api/client';
import { ErrorNote, Field } from '../common/Field';
import { strings } from '../common/strings';
import { PasswordPair, useNewPasswordForm } from './PasswordPair';

/** Changes the password; the server signs out the account's other sessions. */
export function ChangePassword({ client }: { client: TandemClient }) {
  const s = strings.account;
  const [current, setCurrent] = useState('');
  const [done, setDone] = useState(false);
  const form = useNewPasswordForm(async (password) => {
    setDone(false);
    await client.post('/api/auth/password', { currentPassword: current, newPassword: password }, OkResponse);
    setCurrent('');
    setDone(true);
  });

  return (
    <form className="card" onSubmit={form.submit} noValidate aria-labelledby="password-heading" aria-busy={form.busy}>
      <h2 id="password-heading">{s.changePassword}</h2>
      <Field label={s.currentPassword} type="password" autoComplete="current-password" value={current} onChange={setCurrent} required />
      <PasswordPair {...form.pair} />
      <ErrorNote message={form.error} />
      <p role="status" className="success-note">
        {done ? s.passwordChanged : null}
      </p>
      <button type="submit" className="primary" disabled={form.busy}>
        {s.changePassword}
      </button>
    </form>
  );
}
