import { useState, type FormEvent } from 'react';
import { OkResponse } from '../../shared/api/auth';
import type { TandemClient } from '../../shared/api/client';
import { ErrorNote, Field, messageOf } from '../common/Field';
import { strings } from '../common/strings';
import { PasswordPair } from './PasswordPair';

/** Changes the password; the server signs out the account's other sessions. */
export function ChangePassword({ client }: { client: TandemClient }) {
  const s = strings.account;
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (password !== confirm) return setError(strings.password.mismatch);
    setBusy(true);
    setError(null);
    try {
      await client.post('/api/auth/password', { currentPassword: current, newPassword: password }, OkResponse);
      setCurrent('');
      setPassword('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-heading" aria-busy={busy}>
      <h2 id="password-heading">{s.changePassword}</h2>
      <Field label={s.currentPassword} type="password" autoComplete="current-password" value={current} onChange={setCurrent} required />
      <PasswordPair password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
      <ErrorNote message={error} />
      <p role="status" className="success-note">
        {done ? s.passwordChanged : null}
      </p>
      <button type="submit" className="primary" disabled={busy}>
        {s.changePassword}
      </button>
    </form>
  );
}
