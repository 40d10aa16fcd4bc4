import { api } from '../api.ts';
import { me } from '../auth.ts';
import { navigate } from '../router.ts';
import { Link } from './link.tsx';

export function Header() {
  const user = me.value?.user;

  const signOut = async () => {
    await api.signOut().catch(() => undefined);
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
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </nav>
      )}
    </header>
  );
}
