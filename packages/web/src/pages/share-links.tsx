import { useState } from 'preact/hooks';
import type { CreatedShareLinkView, ShareLinkView } from '@moot/protocol';
import { api, describeError } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Alert, Field } from '../ui/field.tsx';
import { formatDateTime } from '../ui/time.tsx';

/**
 * Time-limited links to one recording for people without an account. A new link's address is
 * shown once, right after it is made (the server keeps only a hash of it); later the list shows
 * who made each link and until when it works, with a way to revoke it.
 */
export function ShareLinks(props: { recordingId: string; name: string }) {
  const [links, setLinks] = useState<ShareLinkView[] | null>(null);
  const [created, setCreated] = useState<CreatedShareLinkView | null>(null);
  const [days, setDays] = useState(7);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(describeError(e));

  const load = () => api.shareLinks(props.recordingId).then((a) => setLinks(a.links), fail);
  const create = (event: Event) => {
    event.preventDefault();
    setCopied(false);
    api.createShareLink(props.recordingId, days).then((a) => (setCreated(a.link), load()), fail);
  };
  const revoke = (id: string) => {
    if (created?.id === id) setCreated(null);
    api.revokeShareLink(props.recordingId, id).then((a) => setLinks(a.links), fail);
  };
  const copy = () =>
    navigator.clipboard.writeText(created?.url ?? '').then(
      () => setCopied(true),
      () => setError(t('home.copyRefused')),
    );
  return (
    <details onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && load()}>
      <summary>{t('shareLinks.title')}</summary>
      <p class="muted">{t('shareLinks.intro', { name: props.name })}</p>
      {created && (
        <div class="copy-row">
          <input class="url" readOnly value={created.url} aria-label={t('shareLinks.new')} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={copy}>
            {copied ? t('home.copied') : t('home.copy')}
          </button>
        </div>
      )}
      <ul class="share-list">
        {links?.map((l) => (
          <li key={l.id}>
            <span>{t('shareLinks.madeBy', { name: l.createdBy, date: formatDateTime(l.expiresAt) })}</span>
            <button type="button" onClick={() => revoke(l.id)}>
              {t('recordings.revoke')}
            </button>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={create}>
        <Field label={t('shareLinks.days')} type="number" min={1} max={30} required value={days} onInput={(e) => setDays(Number(e.currentTarget.value))} />
        <button type="submit">{t('shareLinks.create')}</button>
      </form>
      <Alert message={error} />
    </details>
  );
}
