import { useState } from 'preact/hooks';
import { refreshMe } from '../auth.ts';
import { navigate } from '../router.ts';
import { Alert, Field, NewPasswordField } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';
import { accountApi } from './account-api.ts';

/**
 * Sets the new password from a one-time link (its token is in the fragment), then signs in. An
 * invitation's link opens the same form with a welcome.
 */
export function PasswordResetCompletePage() {
  const token = location.hash.slice(1);
  const welcome = new URLSearchParams(location.search).has('welcome');
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
        <h1>{welcome ? 'Welcome to moot' : 'Choose a new password'}</h1>
        {welcome && <p>Choose the password for your new account. You are signed in right after.</p>}
        <NewPasswordField label={welcome ? 'Password' : 'New password'} value={password} onValue={setPassword} />
        <Field label={welcome ? 'Repeat the password' : 'Repeat the new password'} type="password" autocomplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
        <Alert message={token ? error : 'This link is incomplete. Open the whole link you were given again.'} />
        <button class="primary" type="submit" disabled={busy || !token}>
          Set password
        </button>
      </form>
    </main>
  );
}
