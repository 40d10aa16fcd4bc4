import { useEffect, useId, useState } from 'preact/hooks';
import type { OrgLdapInput, OrgLdapView } from '@moot/protocol';
import { orgLdapRoutes } from '@moot/protocol/plain';
import { ApiError, describeError, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { useConfirm } from '../ui/dialog.tsx';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';

/** The form's text fields; the attribute mapping keeps what is stored (or the defaults). */
interface Draft {
  url: string;
  insecure: boolean;
  caCert: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  filter: string;
  adminGroup: string;
  syncIntervalMinutes: string;
  passwordSignIn: boolean;
}

const EMPTY: Draft = { url: '', insecure: false, caCert: '', bindDn: '', bindPassword: '', baseDn: '', filter: '(objectClass=inetOrgPerson)', adminGroup: '', syncIntervalMinutes: '60', passwordSignIn: false };

function draftOf(v: OrgLdapView): Draft {
  return { ...v, caCert: v.caCert ?? '', bindDn: v.bindDn ?? '', bindPassword: '', adminGroup: v.adminGroup ?? '', syncIntervalMinutes: String(v.syncIntervalMinutes) };
}

function bodyOf(d: Draft, stored: OrgLdapView | null): OrgLdapInput {
  return {
    url: d.url.trim(),
    insecure: d.insecure,
    caCert: d.caCert.trim() || null,
    bindDn: d.bindDn.trim() || null,
    ...(d.bindPassword ? { bindPassword: d.bindPassword } : {}),
    baseDn: d.baseDn.trim(),
    filter: d.filter.trim(),
    uidAttribute: stored?.uidAttribute ?? 'uid',
    nameAttribute: stored?.nameAttribute ?? 'cn',
    mailAttribute: stored?.mailAttribute ?? 'mail',
    adminGroup: d.adminGroup.trim() || null,
    syncIntervalMinutes: Number(d.syncIntervalMinutes),
    passwordSignIn: d.passwordSignIn,
  };
}

/**
 * The organization's own LDAP directory: its admins set where it is and whom it selects; the
 * server syncs its members from it. The bind password is write-only.
 */
export function OrgDirectory() {
  const [stored, setStored] = useState<OrgLdapView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const { confirm, dialog } = useConfirm();
  const headingId = useId();
  const certId = useId();

  const show = (view: OrgLdapView | null) => {
    setStored(view);
    setDraft(view ? draftOf(view) : EMPTY);
  };
  useEffect(() => {
    request<OrgLdapView>('GET', orgLdapRoutes.directory).then(show, (failure: unknown) =>
      failure instanceof ApiError && failure.status === 404 ? show(null) : setLoadError(describeError(failure)),
    );
  }, []);

  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      show(await request<OrgLdapView>('PUT', orgLdapRoutes.directory, bodyOf(draft!, stored)));
      setStatus(t('orgDirectory.saved'));
    });
  };
  const remove = () =>
    run(async () => {
      if (!(await confirm({ title: t('orgDirectory.removeTitle'), message: t('orgDirectory.removeText'), confirmLabel: t('orgIdentity.remove'), danger: true }))) return;
      await request('DELETE', orgLdapRoutes.directory);
      show(null);
      setStatus(t('orgDirectory.removed'));
    });

  const text = (key: 'url' | 'bindDn' | 'bindPassword' | 'baseDn' | 'filter' | 'adminGroup' | 'syncIntervalMinutes', label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} value={draft![key]} onInput={(e) => setDraft({ ...draft!, [key]: e.currentTarget.value })} {...extra} />
  );
  const check = (key: 'insecure' | 'passwordSignIn', label: string) => (
    <label class="check">
      <input type="checkbox" checked={draft![key]} onChange={(e) => setDraft({ ...draft!, [key]: e.currentTarget.checked })} />
      {label}
    </label>
  );

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('orgDirectory.title')}</h2>
      <p>{t('orgDirectory.intro')}</p>
      <Alert message={loadError} />
      <p role="status">{status}</p>
      {draft && (
        <form class="card" onSubmit={save} aria-labelledby={headingId}>
          {text('url', t('orgDirectory.url'), { required: true, placeholder: 'ldaps://ldap.example.org', hint: t('orgDirectory.urlHint') })}
          {check('insecure', t('orgDirectory.insecure'))}
          <div class="field">
            <label for={certId}>{t('orgDirectory.caCert')}</label>
            <textarea id={certId} rows={4} value={draft.caCert} onInput={(e) => setDraft({ ...draft, caCert: e.currentTarget.value })} />
          </div>
          {text('bindDn', t('orgDirectory.bindDn'))}
          {text('bindPassword', t('orgDirectory.bindPassword'), { type: 'password', autocomplete: 'off', hint: stored?.hasBindPassword ? t('orgIdentity.secretKept') : undefined })}
          {text('baseDn', t('orgDirectory.baseDn'), { required: true })}
          {text('filter', t('orgDirectory.filter'), { required: true })}
          {text('adminGroup', t('orgIdentity.adminGroup'), { hint: t('orgDirectory.adminGroupHint') })}
          {text('syncIntervalMinutes', t('orgDirectory.interval'), { type: 'number', min: 0, max: 10080, step: 'any', required: true })}
          {check('passwordSignIn', t('orgDirectory.passwordSignIn'))}
          <Alert message={error} />
          <div class="actions">
            <button type="submit" disabled={busy}>
              {t('orgIdentity.save')}
            </button>
            {stored && (
              <button type="button" class="danger" onClick={() => void remove()}>
                {t('orgIdentity.remove')}
              </button>
            )}
          </div>
        </form>
      )}
      {dialog}
    </section>
  );
}
