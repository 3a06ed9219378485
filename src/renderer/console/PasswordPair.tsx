import { Field } from '../common/Field';
import { strings } from '../common/strings';

/** New password and its repetition; the parent owns both values and checks they match. */
export function PasswordPair(props: { password: string; confirm: string; onPassword(v: string): void; onConfirm(v: string): void }) {
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
