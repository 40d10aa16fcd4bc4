import { useState } from 'preact/hooks';
import { refreshMe } from '../auth.ts';
import { navigate } from '../router.ts';
import { Alert, Field, NewPasswordField } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';
import { accountApi } from './account-api.ts';

/** Sets the new password from the mailed link (its token is in the fragment), then signs in. */
export function PasswordResetCompletePage() {
  const token = location.hash.slice(1);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { busy, error, run, setError } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    if (password !== again) return setError('The two passwords are not the same.');
    void run(async () => {
      await accountApi.completeReset(token, password);
      history.replaceState(null, '', location.pathname);
      await refreshMe();
      navigate('/', true);
    });
  };

  return (
    <main class="form-page">
      <form class="card" onSubmit={submit}>
        <h1>Choose a new password</h1>
        <NewPasswordField label="New password" value={password} onValue={setPassword} />
        <Field label="Repeat the new password" type="password" autocomplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
        <Alert message={token ? error : 'This link is incomplete. Open the link from the mail again.'} />
        <button class="primary" type="submit" disabled={busy || !token}>
          Set password
        </button>
      </form>
    </main>
  );
}
