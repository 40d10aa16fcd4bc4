import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { refreshMe } from '../auth.ts';
import { t } from '../i18n/index.ts';
import { LanguagePicker } from '../i18n/picker.tsx';
import { navigate, safeNext } from '../router.ts';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api.signIn({ email, password });
      await refreshMe();
      navigate(safeNext(new URLSearchParams(location.search).get('next')), true);
    });
  };

  return (
    <main class="form-page">
      <form class="card" onSubmit={submit}>
        <h1>{t('signin.title')}</h1>
        <Field label={t('field.email')} type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <Field
          label={t('field.password')}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <Alert message={error} />
        <button class="primary" type="submit" disabled={busy}>
          {t('signin.submit')}
        </button>
        <p class="form-links">
          <a href="/password-reset">{t('signin.forgot')}</a>
        </p>
        <LanguagePicker />
      </form>
    </main>
  );
}
