import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNote, Field, messageOf } from '../common/Field';
import { strings } from '../common/strings';
import { AuthPage } from './AuthPage';

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

interface TokenPasswordPageProps {
  /** The one-time token from the link; without it the page only says the link is incomplete. */
  token: string | null;
  text: { heading: string; intro: string; noToken: string; submit: string };
  form: ReturnType<typeof useNewPasswordForm>;
  /** Overrides the form's own error (a failed status check, say). */
  error?: string | null;
  /** Fields above the password pair. */
  children?: ReactNode;
}

/** A signed-out page that sets a first password with a one-time token: first-run setup and invitations. */
export function TokenPasswordPage({ token, text, form, error, children }: TokenPasswordPageProps) {
  if (!token) {
    return (
      <AuthPage>
        <h1>{text.heading}</h1>
        <ErrorNote message={text.noToken} />
      </AuthPage>
    );
  }
  return (
    <AuthPage>
      <form onSubmit={form.submit} noValidate aria-busy={form.busy}>
        <h1>{text.heading}</h1>
        <p>{text.intro}</p>
        {children}
        <PasswordPair {...form.pair} />
        <ErrorNote message={error ?? form.error} />
        <button type="submit" className="primary" disabled={form.busy}>
          {text.submit}
        </button>
      </form>
    </AuthPage>
  );
}
