import { useState } from 'preact/hooks';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';
import { accountApi } from './account-api.ts';

/**
 * Administrators confirm their password before changes (the server refuses them otherwise,
 * minutes after the last sign-in or confirmation).
 */
export function ConfirmPassword() {
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await accountApi.confirmPassword(password);
      setPassword('');
      setDone(true);
    });
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">Confirm your password</h2>
      <p>Changes on this page need your password from the last few minutes.</p>
      <Field label="Your password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      <Alert message={error} />
      {done && <p role="status">Confirmed.</p>}
      <button type="submit" disabled={busy}>
        Confirm
      </button>
    </form>
  );
}
