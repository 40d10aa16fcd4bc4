import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { orgRoutes, routes } from '@moot/protocol/plain';
import { me, refreshMe } from './auth.ts';
import { errorText } from './i18n/errors.ts';
import { t } from './i18n/index.ts';
import { PasswordResetPage } from './pages/password-reset.tsx';
import { PasswordResetCompletePage } from './pages/password-reset-complete.tsx';
import { HomePage } from './pages/home.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { RoomPage } from './pages/room.tsx';
import { SetupPage } from './pages/setup.tsx';
import { SignInPage } from './pages/signin.tsx';
import { navigate, path } from './router.ts';
import { Alert } from './ui/field.tsx';
import { Header } from './ui/header.tsx';
import { lazyPage } from './ui/lazy.tsx';
import { loadBranding } from './pages/org-branding.tsx';

const AdminPage = lazyPage(() => import('./pages/admin.tsx').then((m) => m.AdminPage));
const AdminAuditPage = lazyPage(() => import('./pages/admin-audit.tsx').then((m) => m.AdminAuditPage));
const AdminDashboardPage = lazyPage(() => import('./pages/admin-dashboard.tsx').then((m) => m.AdminDashboardPage));
const RecordingsPage = lazyPage(() => import('./pages/recordings.tsx').then((m) => m.RecordingsPage));
const WatchPage = lazyPage(() => import('./pages/watch.tsx').then((m) => m.WatchPage));
const OrgAdminPage = lazyPage(() => import('./pages/org-admin.tsx').then((m) => m.OrgAdminPage));
const OperatorPage = lazyPage(() => import('./pages/operator.tsx').then((m) => m.OperatorPage));

/** Pages that need a signed-in member; anyone else is sent to sign in and brought back. */
function SignedIn(props: { children: ComponentChildren }) {
  const user = me.value?.user;
  useEffect(() => {
    if (me.value && !user) navigate(`/signin?next=${encodeURIComponent(path.value)}`, true);
  }, [user]);
  return user ? <>{props.children}</> : null;
}

export function App() {
  useEffect(() => {
    loadBranding();
    refreshMe().catch(() => {
      me.value = { user: null, settings: { guests: false }, organization: null, orgAdmin: false, administers: [], needsSetup: false };
    });
  }, []);

  const current = path.value;
  const room = /^\/r\/([A-Za-z0-9_-]+)\/?$/.exec(current);
  if (room?.[1]) return <RoomPage id={room[1]} />;
  if (current === '/signin') return <SignInPage />;
  if (current === '/setup') return <SetupPage />;
  if (current === '/password-reset') return <PasswordResetPage />;
  if (current === '/password-reset/new') return <PasswordResetCompletePage />;
  if (current === '/watch') return <WatchPage />;
  if (!me.value) return <main class="form-page" aria-busy="true" />;
  if (current === '/') return (
      <SignedIn>
        <HomePage />
      </SignedIn>
    );
  if (current === '/admin/audit') return <SignedIn>{me.value.user?.role === 'admin' ? <AdminAuditPage /> : <Forbidden />}</SignedIn>;
  if (current === '/admin/dashboard') return <SignedIn>{me.value.user?.role === 'admin' ? <AdminDashboardPage /> : <Forbidden />}</SignedIn>;
  if (current === routes.recordingsPage) return (
      <SignedIn>
        <RecordingsPage />
      </SignedIn>
    );
  if (current === orgRoutes.organizationPage) return <SignedIn>{me.value.orgAdmin ? <OrgAdminPage /> : <Forbidden />}</SignedIn>;
  if (current === orgRoutes.operatorPage) return <SignedIn>{me.value.user?.role === 'admin' ? <OperatorPage /> : <Forbidden />}</SignedIn>;
  if (current === '/admin') return (
      <SignedIn>{me.value.user?.role === 'admin' ? <AdminPage /> : <Forbidden />}</SignedIn>
    );
  return <NotFoundPage title={t('notFound.page')} text={errorText('not-found')} />;
}

function Forbidden() {
  return (
    <>
      <Header />
      <main class="page">
        <h1>{t('nav.admin')}</h1>
        <Alert message={errorText('forbidden')} />
      </main>
    </>
  );
}
