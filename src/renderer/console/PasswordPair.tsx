import { useState, type FormEvent } from 'react';
import { Field, messageOf } from '../common/Field';
import { strings } from '../common/strings';

interface PairProps {
  password: string;
  confirm: string;
  onPassword(v: string): void;
  onConfirm(v: string): void;
}

/** New password and its repetition; the parent owns both values (see {@link useNewPasswordForm}). */
export function PasswordPair(props: PairProps) {
  return (
    <>
      <Field
        label={strings.password.newPassword}
        type="password"
        autoComplete="new-password"
        minLength={10}
        value={props.password}
        onChange={props.onPassword}
        hint={strings.password.hint}
        required
      />
      <Field label={strings.password.confirm} type="password" autoComplete="new-password" value={props.confirm} onChange={props.onConfirm} required />
    </>
  );
}

/**
 * The state every form that sets a new password shares (first-run setup, invitation, change of
 * password): the pair, the match check, one request at a time, the server's sentence on failure.
 * `save` gets the new password; the pair is cleared after it succeeds.
 */
export function useNewPasswordForm(save: (password: string) => Promise<void>) {
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
      await save(password);
      setPassword('');
      setConfirm('');
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    } finally {
      setBusy(false);
    }
  };

  const pair: PairProps = { password, confirm, onPassword: setPassword, onConfirm: setConfirm };
  return { pair, error, busy, submit: (event: FormEvent) => void submit(event) };
}
