import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { SignOutResponse } from '@moot/protocol';
import { orgRoutes, ssoRoutes } from '@moot/protocol/plain';
import { request } from '../api.ts';
import { me } from '../auth.ts';
import { t } from '../i18n/index.ts';
import { LanguagePicker } from '../i18n/picker.tsx';
import { accountApi } from '../pages/account-api.ts';
import { navigate } from '../router.ts';
import { Link } from './link.tsx';
import { Brand } from '../pages/org-branding.tsx';

export function Header() {
  const user = me.value?.user;
  return (
    <header class="top">
      <Link href="/" class="brand">
        <Brand />
      </Link>
      {user && (
        <nav aria-label={t('nav.main')}>
          <Link href="/recordings">{t('nav.recordings')}</Link>
          {user.role === 'admin' && <Link href="/admin">{t('nav.admin')}</Link>}
          {me.value?.orgAdmin && <Link href={orgRoutes.organizationPage}>{t('nav.organization')}</Link>}
          {user.role === 'admin' && <Link href={orgRoutes.operatorPage}>{t('nav.operator')}</Link>}
          <AccountMenu name={user.name} />
        </nav>
      )}
      <LanguagePicker class="compact" />
    </header>
  );
}

/** The person's name opens the sign-out choices: on a phone the header keeps to one line. */
function AccountMenu(props: { name: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      root.current?.querySelector('button')?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  /**
   * Ends this session only, or (a lost phone, a shared computer) every session of the account.
   * A session that came from single sign-on goes on to the provider's sign-out page.
   */
  const signOut = async (everywhere: boolean) => {
    const ended = everywhere ? await accountApi.signOutEverywhere().then(() => null, () => null) : await request<SignOutResponse>('POST', ssoRoutes.signOut).catch(() => null);
    me.value = me.value && { ...me.value, user: null };
    if (ended?.redirect) location.assign(ended.redirect);
    else navigate('/signin', true);
  };

  return (
    <div class="account-menu" ref={root}>
      <button type="button" aria-expanded={open} aria-controls={menuId} aria-label={t('nav.account', { name: props.name })} onClick={() => setOpen(!open)}>
        <span class="who">{props.name}</span>
      </button>
      <div id={menuId} class="menu" hidden={!open}>
        <button type="button" onClick={() => signOut(false)}>
          {t('nav.signOut')}
        </button>
        <button type="button" onClick={() => signOut(true)}>
          {t('nav.signOutEverywhere')}
        </button>
      </div>
    </div>
  );
}
