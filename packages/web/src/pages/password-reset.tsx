import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';
import { accountApi } from './account-api.ts';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function PasswordResetPage() {
  const [email, setEmail] = useState('');
  /** Null until sent; then whether this server could mail the link (the same answer for every address). */
  const [mailed, setMailed] = useState<boolean | null>(null);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      setMailed((await accountApi.requestReset(email)).mailConfigured);
    });
  };

  return (
    <main class="form-page">
      <form class="card" onSubmit={submit}>
        <h1>{t('reset.title')}</h1>
        <p>{t('reset.intro')}</p>
        <Field label={t('field.email')} type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <Alert message={error} />
        {mailed === true && (
          <p role="status">{t('reset.sent')}</p>
        )}
        {mailed === false && (
          <p role="status" class="notice">
            {t('reset.noMail')}
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {t('reset.submit')}
        </button>
        <p class="form-links">
          <a href="/signin">{t('reset.back')}</a>
        </p>
      </form>
    </main>
  );
}
