import { api } from '../api.ts';
import { me } from '../auth.ts';
import { accountApi } from '../pages/account-api.ts';
import { navigate } from '../router.ts';
import { Link } from './link.tsx';

export function Header() {
  const user = me.value?.user;

  /** Ends this session only, or (a lost phone, a shared computer) every session of the account. */
  const signOut = async (everywhere: boolean) => {
    await (everywhere ? accountApi.signOutEverywhere() : api.signOut()).catch(() => undefined);
    me.value = me.value && { ...me.value, user: null };
    navigate('/signin', true);
  };

  return (
    <header class="top">
      <Link href="/" class="brand">
        moot
      </Link>
      {user && (
        <nav>
          <Link href="/recordings">Recordings</Link>
          {user.role === 'admin' && <Link href="/admin">Administration</Link>}
          <span class="muted who">{user.name}</span>
          <button type="button" onClick={() => signOut(false)}>
            Sign out
          </button>
          <button type="button" onClick={() => signOut(true)}>
            Sign out everywhere
          </button>
        </nav>
      )}
    </header>
  );
}
