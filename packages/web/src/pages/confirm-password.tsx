import { useEffect, useState } from 'preact/hooks';
import type { SsoErrorCode, SsoProviderView, SsoProvidersResponse } from '@moot/protocol';
import { ssoErrorMessages, ssoRoutes } from '@moot/protocol/plain';
import { ApiError, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Dialog } from '../ui/dialog.tsx';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';
import { accountApi } from './account-api.ts';

/**
 * Administrators' changes need the password typed in the last minutes (the server refuses them
 * otherwise). `guarded(work)` runs a change; only when the server asks for the password does a
 * dialog ask for it, and the change is made again once it is confirmed. Someone who signs in
 * through a single sign-on provider confirms there instead: a fresh sign-in that comes back to
 * this page, where the change is made again by hand.
 */
export function useRecentPassword() {
  const [asking, setAsking] = useState<((confirmed: boolean) => void) | null>(null);

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.code === 'reauth-required')) throw failure;
      const confirmed = await new Promise<boolean>((resolve) => setAsking(() => resolve));
      if (!confirmed) throw new ApiError(403, 'reauth-required', t('confirmPassword.notConfirmed'));
      return work();
    }
  }

  const dialog = asking && (
    <ConfirmPasswordDialog
      onDone={(confirmed) => {
        setAsking(null);
        asking(confirmed);
      }}
    />
  );
  return { guarded, dialog };
}

/** Where a provider's fresh sign-in starts, coming back to this page (without an earlier refusal's reason). */
function confirmAt(provider: SsoProviderView): string {
  const here = new URL(location.href);
  here.searchParams.delete('sso_error');
  return `${provider.start}?${new URLSearchParams({ purpose: 'confirm', next: here.pathname + here.search })}`;
}

/** Why the last confirmation at a provider was refused: it came back to this page with the reason. */
function providerRefusal(): string | null {
  const code = new URLSearchParams(location.search).get('sso_error');
  return code && code in ssoErrorMessages ? t(`sso.error.${code as SsoErrorCode}`) : null;
}

function ConfirmPasswordDialog(props: { onDone: (confirmed: boolean) => void }) {
  const [password, setPassword] = useState('');
  const [providers, setProviders] = useState<SsoProviderView[]>([]);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void request<SsoProvidersResponse>('GET', ssoRoutes.providers).then((r) => setProviders(r.providers), () => undefined);
  }, []);

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await accountApi.confirmPassword(password);
      props.onDone(true);
    });
  };

  return (
    <Dialog title={t('confirmPassword.title')} onClose={() => props.onDone(false)}>
      <form onSubmit={submit}>
        <p>{t('confirmPassword.why')}</p>
        <Field label={t('confirmPassword.field')} type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <Alert message={error ?? providerRefusal()} />
        {providers.length > 0 && <p>{t('confirmPassword.orProvider')}</p>}
        {providers.map((provider) => (
          <a key={provider.id} class="button" href={confirmAt(provider)}>
            {t('confirmPassword.with', { name: provider.name })}
          </a>
        ))}
        <div class="actions">
          <button type="button" onClick={() => props.onDone(false)}>
            {t('action.cancel')}
          </button>
          <button class="primary" type="submit" disabled={busy}>
            {t('action.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
