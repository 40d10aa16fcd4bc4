import { useEffect, useId, useState } from 'preact/hooks';
import type { OrgSsoProviderInput, OrgSsoProvidersResponse, OrgSsoProviderView } from '@moot/protocol';
import { orgIdentityRoutes } from '@moot/protocol/plain';
import { describeError, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { useConfirm } from '../ui/dialog.tsx';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';
import { OrgDirectory } from './org-directory.tsx';

/** The form's fields, all as text; turned into the REST body on saving. */
interface Draft {
  id: string;
  kind: 'oidc' | 'saml';
  name: string;
  adminGroup: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  groupsClaim: string;
  entryPoint: string;
  idpEntityId: string;
  idpCert: string;
  logoutUrl: string;
  groupsAttribute: string;
  clockSkewSeconds: string;
}

const EMPTY: Draft = {
  id: '',
  kind: 'oidc',
  name: '',
  adminGroup: '',
  issuer: '',
  clientId: '',
  clientSecret: '',
  scopes: 'openid email profile',
  groupsClaim: 'groups',
  entryPoint: '',
  idpEntityId: '',
  idpCert: '',
  logoutUrl: '',
  groupsAttribute: 'groups',
  clockSkewSeconds: '30',
};

function draftOf(p: OrgSsoProviderView): Draft {
  const common = { ...EMPTY, id: p.id, kind: p.kind, name: p.name, adminGroup: p.adminGroup ?? '' };
  if (p.kind === 'oidc') return { ...common, issuer: p.issuer, clientId: p.clientId, scopes: p.scopes, groupsClaim: p.groupsClaim };
  return { ...common, entryPoint: p.entryPoint, idpEntityId: p.idpEntityId, idpCert: p.idpCert, logoutUrl: p.logoutUrl ?? '', groupsAttribute: p.groupsAttribute, clockSkewSeconds: String(p.clockSkewSeconds) };
}

function bodyOf(d: Draft): OrgSsoProviderInput {
  const adminGroup = d.adminGroup.trim() || null;
  if (d.kind === 'oidc') {
    return { kind: 'oidc', name: d.name, issuer: d.issuer, clientId: d.clientId, scopes: d.scopes, groupsClaim: d.groupsClaim, adminGroup, ...(d.clientSecret ? { clientSecret: d.clientSecret } : {}) };
  }
  return {
    kind: 'saml',
    name: d.name,
    entryPoint: d.entryPoint,
    idpEntityId: d.idpEntityId,
    idpCert: d.idpCert,
    logoutUrl: d.logoutUrl.trim() || null,
    groupsAttribute: d.groupsAttribute,
    adminGroup,
    clockSkewSeconds: Number(d.clockSkewSeconds),
  };
}

/** The addresses the organization's admin registers at the provider, ready to copy. */
function Addresses({ provider }: { provider: OrgSsoProviderView }) {
  const rows = Object.entries(provider.addresses).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return (
    <dl class="sso-addresses">
      {rows.map(([name, url]) => (
        <div key={name}>
          <dt>{t(`orgIdentity.address.${name as 'redirectUri'}`)}</dt>
          <dd>
            <code>{url}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ProviderForm({ initial, isNew, onSaved, onCancel }: { initial: Draft; isNew: boolean; onSaved: (name: string) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState(initial);
  const { busy, error, run } = useAction();
  const certId = useId();
  const field = (key: keyof Draft, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} value={draft[key]} onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })} {...extra} />
  );
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await request('PUT', orgIdentityRoutes.ssoProvider(draft.id), bodyOf(draft));
      onSaved(draft.name);
    });
  };
  return (
    <form class="card" onSubmit={submit} aria-label={isNew ? t('orgIdentity.add') : t('orgIdentity.edit', { name: initial.name })}>
      {isNew && (
        <div class="field">
          <label>
            {t('orgIdentity.kind')}{' '}
            <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: (e.target as HTMLSelectElement).value as Draft['kind'] })}>
              <option value="oidc">OpenID Connect</option>
              <option value="saml">SAML 2.0</option>
            </select>
          </label>
        </div>
      )}
      {field('id', t('orgIdentity.id'), { required: true, pattern: '[a-z0-9-]{1,32}', readOnly: !isNew, hint: t('orgIdentity.idHint') })}
      {field('name', t('orgIdentity.name'), { required: true, maxLength: 60 })}
      {draft.kind === 'oidc' ? (
        <>
          {field('issuer', t('orgIdentity.issuer'), { required: true, type: 'url' })}
          {field('clientId', t('orgIdentity.clientId'), { required: true })}
          {field('clientSecret', t('orgIdentity.clientSecret'), { type: 'password', autocomplete: 'off', required: isNew, hint: isNew ? undefined : t('orgIdentity.secretKept') })}
          {field('scopes', t('orgIdentity.scopes'))}
          {field('groupsClaim', t('orgIdentity.groupsClaim'))}
        </>
      ) : (
        <>
          {field('entryPoint', t('orgIdentity.entryPoint'), { required: true, type: 'url' })}
          {field('idpEntityId', t('orgIdentity.idpEntityId'), { required: true })}
          <div class="field">
            <label for={certId}>{t('orgIdentity.idpCert')}</label>
            <textarea id={certId} rows={6} required value={draft.idpCert} onInput={(e) => setDraft({ ...draft, idpCert: (e.target as HTMLTextAreaElement).value })} />
          </div>
          {field('logoutUrl', t('orgIdentity.logoutUrl'), { type: 'url' })}
          {field('groupsAttribute', t('orgIdentity.groupsAttribute'))}
          {field('clockSkewSeconds', t('orgIdentity.clockSkew'), { type: 'number', min: 0, max: 300 })}
        </>
      )}
      {field('adminGroup', t('orgIdentity.adminGroup'), { hint: t('orgIdentity.adminGroupHint') })}
      <Alert message={error} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('orgIdentity.save')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('orgIdentity.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * The organization's own single sign-on providers: its admins see them (without secrets, with the
 * addresses to register at each provider), add, change and remove them; then its own directory.
 * Loaded lazily by the organization's admin page; it speaks only to /api/org/identity/… at the
 * organization's address.
 */
export default function OrgIdentity({ orgSlug }: { orgSlug: string }) {
  const [list, setList] = useState<OrgSsoProvidersResponse | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ draft: Draft; isNew: boolean } | null>(null);
  const [status, setStatus] = useState('');
  const { error, run } = useAction();
  const { confirm, dialog } = useConfirm();
  const headingId = useId();

  const load = () =>
    request<OrgSsoProvidersResponse>('GET', orgIdentityRoutes.ssoProviders).then(
      (found) => (setList(found), setLoadError(null)),
      (failure: unknown) => setLoadError(describeError(failure)),
    );
  useEffect(() => void load(), [orgSlug]);

  const remove = (provider: OrgSsoProviderView) =>
    run(async () => {
      if (!(await confirm({ title: t('orgIdentity.removeTitle', { name: provider.name }), message: t('orgIdentity.removeText'), confirmLabel: t('orgIdentity.remove'), danger: true }))) return;
      await request('DELETE', orgIdentityRoutes.ssoProvider(provider.id));
      setStatus(t('orgIdentity.removed', { name: provider.name }));
      await load();
    });

  return (
    <>
      <section aria-labelledby={headingId} data-org={orgSlug}>
        <h2 id={headingId}>{t('orgIdentity.title')}</h2>
        <p>{t('orgIdentity.intro')}</p>
        <Alert message={loadError ?? error} />
        <p role="status">{status}</p>
        {list && list.configured.length > 0 && <p>{t('orgIdentity.configured', { ids: list.configured.join(', ') })}</p>}
        {list && list.providers.length === 0 && <p>{t('orgIdentity.none')}</p>}
        {list?.providers.map((provider) => (
          <article key={provider.id} class="card" aria-label={provider.name}>
            <h3>
              {provider.name} <small>({provider.kind === 'oidc' ? 'OpenID Connect' : 'SAML 2.0'}, {provider.id})</small>
            </h3>
            {provider.adminGroup && <p>{t('orgIdentity.adminGroupIs', { group: provider.adminGroup })}</p>}
            <Addresses provider={provider} />
            <div class="actions">
              <button type="button" onClick={() => setEditing({ draft: draftOf(provider), isNew: false })}>
                {t('orgIdentity.editButton')}
              </button>
              <button type="button" class="danger" onClick={() => void remove(provider)}>
                {t('orgIdentity.remove')}
              </button>
            </div>
          </article>
        ))}
        {editing ? (
          <ProviderForm
            key={editing.draft.id}
            initial={editing.draft}
            isNew={editing.isNew}
            onCancel={() => setEditing(null)}
            onSaved={(name) => {
              setStatus(t('orgIdentity.saved', { name }));
              setEditing(null);
              void load();
            }}
          />
        ) : (
          <button type="button" onClick={() => setEditing({ draft: EMPTY, isNew: true })}>
            {t('orgIdentity.add')}
          </button>
        )}
        {dialog}
      </section>
      <OrgDirectory />
    </>
  );
}
