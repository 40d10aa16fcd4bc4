import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { refreshMe } from '../auth.ts';
import { t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { Alert, Field, NewPasswordField } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';

/** The first administrator's form; the one-time token arrives in the URL fragment so it never reaches logs. */
export function SetupPage() {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const token = location.hash.slice(1);

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api.setup({ token, email, name, password });
      await refreshMe();
      navigate('/', true);
    });
  };

  return (
    <main class="form-page">
      <form class="card" onSubmit={submit}>
        <h1>{t('setup.title')}</h1>
        <p class="muted">{t('setup.intro')}</p>
        {!token && <Alert message={t('setup.noToken')} />}
        <Field label={t('field.email')} type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <Field label={t('field.yourName')} autocomplete="name" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <NewPasswordField value={password} onValue={setPassword} />
        <Alert message={error} />
        <button class="primary" type="submit" disabled={busy || !token}>
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
