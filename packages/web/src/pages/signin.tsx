import { useEffect, useState } from 'preact/hooks';
import type { SsoErrorCode, SsoProvidersResponse } from '@moot/protocol';
import { ssoErrorMessages, ssoRoutes } from '@moot/protocol/plain';
import { api, request } from '../api.ts';
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
  const [sso, setSso] = useState<SsoProvidersResponse>({ providers: [], passwordSignIn: true });
  const params = new URLSearchParams(location.search);
  const next = safeNext(params.get('next'));
  const ssoError = params.get('sso_error');

  useEffect(() => {
    void request<SsoProvidersResponse>('GET', ssoRoutes.providers).then(setSso, () => undefined);
  }, []);

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api.signIn({ email, password });
      await refreshMe();
      navigate(next, true);
    });
  };

  return (
    <main class="form-page">
      <form class="card" onSubmit={submit}>
        <h1>{t('signin.title')}</h1>
        {ssoError && ssoError in ssoErrorMessages && <Alert message={t(`sso.error.${ssoError as SsoErrorCode}`)} />}
        {sso.providers.map((provider) => (
          <a key={provider.id} class="button" href={`${provider.start}?${new URLSearchParams({ next })}`}>
            {t('signin.with', { name: provider.name })}
          </a>
        ))}
        {sso.passwordSignIn && (
          <>
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
          </>
        )}
        <LanguagePicker />
      </form>
    </main>
  );
}
