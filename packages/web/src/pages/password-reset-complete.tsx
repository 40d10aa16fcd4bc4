import { useState } from 'preact/hooks';
import { refreshMe } from '../auth.ts';
import { t } from '../i18n/index.ts';
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
    if (password !== again) return setError(t('newPassword.mismatch'));
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
        <h1>{welcome ? t('newPassword.welcome') : t('newPassword.title')}</h1>
        {welcome && <p>{t('newPassword.welcomeIntro')}</p>}
        <NewPasswordField label={welcome ? t('field.password') : t('newPassword.new')} value={password} onValue={setPassword} />
        <Field label={welcome ? t('newPassword.repeat') : t('newPassword.repeatNew')} type="password" autocomplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
        <Alert message={token ? error : t('newPassword.incompleteLink')} />
        <button class="primary" type="submit" disabled={busy || !token}>
          {t('newPassword.submit')}
        </button>
      </form>
    </main>
  );
}
