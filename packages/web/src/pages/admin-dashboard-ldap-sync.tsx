import { useEffect, useState } from 'preact/hooks';
import type { LdapSyncView } from '@moot/protocol';
import { routes } from '@moot/protocol/plain';
import { request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { TimeText } from '../ui/time.tsx';

/** Asked again this often while a sync runs, and while none does (the next one starts on its own). */
const RUNNING_POLL_MS = 1000;
const IDLE_POLL_MS = 15_000;

/** The server's directory sync as it runs: reading the directory, then each change applied. */
export function LdapSyncCard() {
  const [sync, setSync] = useState<LdapSyncView | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const load = async () => {
      const answer = await request<LdapSyncView>('GET', routes.adminLdapSync).catch(() => null);
      if (stopped) return;
      setSync(answer);
      const running = answer?.state === 'reading' || answer?.state === 'applying';
      if (answer?.configured) timer = setTimeout(() => void load(), running ? RUNNING_POLL_MS : IDLE_POLL_MS);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  if (!sync?.configured) return null;
  return (
    <section class="card" aria-labelledby="ldap-sync-heading">
      <h2 id="ldap-sync-heading">{t('ldapSync.title')}</h2>
      {sync.state === 'idle' && <p>{t('ldapSync.idle')}</p>}
      {sync.state === 'reading' && (
        <p>
          {t('ldapSync.reading')} <progress aria-label={t('ldapSync.title')} />
        </p>
      )}
      {sync.state === 'applying' && (
        <p>
          <label>
            {t('ldapSync.applying', { done: sync.done, total: sync.total })} <progress max={sync.total} value={sync.done} />
          </label>
        </p>
      )}
      {sync.state === 'done' && sync.finishedAt && (
        <p>
          {t('ldapSync.done', { count: sync.total })} <TimeText iso={sync.finishedAt} />
        </p>
      )}
      {sync.state === 'failed' && sync.finishedAt && (
        <p role="alert">
          {t('ldapSync.failed', { error: sync.error ?? '' })} <TimeText iso={sync.finishedAt} />
        </p>
      )}
    </section>
  );
}
