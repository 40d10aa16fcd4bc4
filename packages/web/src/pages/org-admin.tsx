import { useEffect, useState } from 'preact/hooks';
import type { AccessReportView, LogoType, OrgMemberChangeBody, OrgMemberView, OrgPoliciesView } from '@moot/protocol';
import { LOGO_MAX_BYTES, LOGO_TYPES, orgRoutes } from '@moot/protocol/plain';
import { describeError } from '../api.ts';
import { me } from '../auth.ts';
import { t } from '../i18n/index.ts';
import { useConfirm, type ConfirmOptions } from '../ui/dialog.tsx';
import { Alert, Field } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { useAction } from '../ui/use-action.ts';
import { accountApi } from './account-api.ts';
import { InviteForm, PassOnDialog, PeopleTable, useChange, type PassOn } from './admin.tsx';
import { AccessReport, AuditLog } from './admin-audit.tsx';
import { orgApi } from './org-api.ts';
import { lazyComponent } from '../ui/lazy.tsx';
import { applyBranding, branding } from './org-branding.tsx';

type Change = ReturnType<typeof useChange>['change'];

/** The organization's single sign-on settings: their own chunk, fetched when the page shows them. */
const OrgIdentity = lazyComponent(() => import('./org-identity.tsx').then((m) => m.default));

/** The organization's own administration, for its org admins: members, policies, branding, audit. */
export function OrgAdminPage() {
  const { change, error, status, dialog } = useChange();
  const name = branding.value?.name ?? '';
  return (
    <>
      <Header />
      <main class="page">
        <h1>{t('org.title', { name })}</h1>
        <Alert message={error} />
        {status && (
          <p role="status" class="notice">
            {status}
          </p>
        )}
        <Members change={change} />
        <Policies change={change} />
        <Branding change={change} />
        {me.value?.organization && (
          <section class="card" aria-labelledby="identity-heading">
            <h2 id="identity-heading">{t('org.identity')}</h2>
            <OrgIdentity orgSlug={me.value.organization} />
          </section>
        )}
        <OrgAudit />
      </main>
      {dialog}
    </>
  );
}

function Members({ change }: { change: Change }) {
  const [members, setMembers] = useState<OrgMemberView[] | null>(null);
  const [passOn, setPassOn] = useState<PassOn | null>(null);
  const [canMail, setCanMail] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  useEffect(() => {
    orgApi.members().then(
      (answer) => {
        setMembers(answer.members);
        setCanMail(answer.mailConfigured);
      },
      (failure) => setLoadError(describeError(failure)),
    );
  }, []);

  const replace = (member: OrgMemberView) => setMembers((list) => list?.map((m) => (m.id === member.id ? member : m)) ?? null);
  const update = async (member: OrgMemberView, body: OrgMemberChangeBody, done: string, question?: ConfirmOptions) => {
    if (question && !(await confirm(question))) return;
    await change(async () => {
      replace((await orgApi.changeMember(member.id, body)).member);
      return done;
    });
  };
  const remove = async (member: OrgMemberView) => {
    const question = { title: t('org.removeTitle', { name: member.name }), message: t('org.removeText'), confirmLabel: t('org.remove'), danger: true };
    if (!(await confirm(question))) return;
    await change(async () => {
      await orgApi.removeMember(member.id);
      setMembers((list) => list?.filter((m) => m.id !== member.id) ?? null);
      return t('org.removed', { name: member.name });
    });
  };

  const self = me.value?.user?.id;
  return (
    <section class="card" aria-labelledby="members-heading">
      <h2 id="members-heading">{t('admin.members')}</h2>
      <Alert message={loadError} />
      {members && (
        <PeopleTable
          users={members}
          roleColumn={t('org.orgAdminColumn')}
          role={(member) => (member.orgAdmin ? t('admin.role.admin') : t('admin.role.member'))}
          actions={(member) =>
            member.id === self || member.role === 'admin' ? (
              <span class="muted">{member.id === self ? t('admin.you') : t('admin.role.admin')}</span>
            ) : (
              <div class="row-actions" role="group" aria-label={t('people.actionsFor', { name: member.name })}>
                <button
                  type="button"
                  onClick={() => update(member, { orgAdmin: !member.orgAdmin }, member.orgAdmin ? t('org.unmadeAdmin', { name: member.name }) : t('org.madeAdmin', { name: member.name }))}
                >
                  {member.orgAdmin ? t('org.unmakeAdmin') : t('org.makeAdmin')}
                </button>
                {member.elsewhere ? (
                  <span class="muted">{t('org.elsewhere')}</span>
                ) : member.status === 'active' ? (
                  <button
                    type="button"
                    class="danger"
                    onClick={() =>
                      update(member, { status: 'suspended' }, t('admin.suspended', { name: member.name }), {
                        title: t('admin.suspendTitle', { name: member.name }),
                        message: t('admin.suspendText'),
                        confirmLabel: t('admin.suspend'),
                        danger: true,
                      })
                    }
                  >
                    {t('admin.suspend')}
                  </button>
                ) : (
                  <button type="button" onClick={() => update(member, { status: 'active' }, t('admin.reactivated', { name: member.name }))}>
                    {t('admin.reactivate')}
                  </button>
                )}
                <button type="button" class="danger" onClick={() => remove(member)}>
                  {t('org.remove')}
                </button>
              </div>
            )
          }
        />
      )}
      <h3>{t('admin.inviteHeading')}</h3>
      <InviteForm
        canMail={canMail}
        onInvite={(body) =>
          change(async () => {
            const { member, invitation } = await orgApi.addMember(body);
            setMembers((list) => [...(list ?? []), member]);
            if (invitation.mailed) return t('admin.invitationMailed', { email: member.email });
            setPassOn({ name: member.name, invitation });
            return t('admin.accountReady', { name: member.name });
          })
        }
      />
      {passOn && <PassOnDialog passOn={passOn} onClose={() => setPassOn(null)} />}
      {dialog}
    </section>
  );
}

function Policies({ change }: { change: Change }) {
  const [policies, setPolicies] = useState<OrgPoliciesView | null>(null);
  const [days, setDays] = useState('');
  const { busy, run } = useAction();
  useEffect(() => {
    orgApi.policies().then((answer) => {
      setPolicies(answer);
      setDays(answer.retentionDays === null ? '' : String(answer.retentionDays));
    }, () => undefined);
  }, []);
  if (!policies) return null;

  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await change(async () => {
        setPolicies(await orgApi.savePolicies({ guests: policies.guests, recordings: policies.recordings, retentionDays: days.trim() ? Number(days) : null }));
        return t('org.saved');
      });
    });
  };
  const limit = policies.serverRetentionDays;
  return (
    <section class="card" aria-labelledby="policies-heading">
      <h2 id="policies-heading">{t('org.policies')}</h2>
      <form class="member-form" onSubmit={save}>
        <label class="check">
          <input type="checkbox" checked={policies.guests} onChange={(e) => setPolicies({ ...policies, guests: e.currentTarget.checked })} />
          {t('org.guests')}
        </label>
        <label class="check">
          <input type="checkbox" checked={policies.recordings} onChange={(e) => setPolicies({ ...policies, recordings: e.currentTarget.checked })} />
          {t('org.recordings')}
        </label>
        <Field
          label={t('org.retention')}
          type="number"
          min={1}
          max={limit ?? 36500}
          value={days}
          hint={limit === null ? t('org.retentionHint') : t('org.retentionLimit', { days: limit })}
          onInput={(e) => setDays(e.currentTarget.value)}
        />
        <button class="primary" type="submit" disabled={busy}>
          {t('action.save')}
        </button>
      </form>
    </section>
  );
}

/** A file's bytes as base64, for the logo's JSON body. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function Branding({ change }: { change: Change }) {
  const current = branding.value;
  const [name, setName] = useState(current?.name ?? '');
  const [color, setColor] = useState(current?.color ?? '#2f6fed');
  const [ownColor, setOwnColor] = useState(current?.color !== null);
  const [logoError, setLogoError] = useState<string | null>(null);
  const { busy, run } = useAction();
  useEffect(() => {
    if (!current) return;
    setName(current.name);
    setOwnColor(current.color !== null);
    if (current.color) setColor(current.color);
  }, [current]);

  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await change(async () => {
        applyBranding(await orgApi.saveBranding({ name, color: ownColor ? color : null }));
        return t('org.saved');
      });
    });
  };
  const upload = (file: File | undefined) => {
    setLogoError(null);
    if (!file) return;
    if (file.size > LOGO_MAX_BYTES || !(LOGO_TYPES as readonly string[]).includes(file.type)) {
      setLogoError(t('org.logoRefused'));
      return;
    }
    void change(async () => {
      applyBranding(await orgApi.saveLogo({ contentType: file.type as LogoType, data: await base64Of(file) }));
      return t('org.saved');
    });
  };
  const removeLogo = () =>
    change(async () => {
      await orgApi.removeLogo();
      if (current) applyBranding({ ...current, logoUrl: null });
      return t('org.saved');
    });

  return (
    <section class="card" aria-labelledby="branding-heading">
      <h2 id="branding-heading">{t('org.branding')}</h2>
      <form class="member-form" onSubmit={save}>
        <Field label={t('org.name')} required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <label class="check">
          <input type="checkbox" checked={!ownColor} onChange={(e) => setOwnColor(!e.currentTarget.checked)} />
          {t('org.defaultColor')}
        </label>
        {ownColor && <Field label={t('org.color')} type="color" value={color} onInput={(e) => setColor(e.currentTarget.value)} />}
        <button class="primary" type="submit" disabled={busy}>
          {t('action.save')}
        </button>
      </form>
      <Field label={t('org.logo')} type="file" accept={LOGO_TYPES.join(',')} onChange={(e) => upload(e.currentTarget.files?.[0])} />
      <Alert message={logoError} />
      {current?.logoUrl && (
        <button type="button" onClick={removeLogo}>
          {t('org.removeLogo')}
        </button>
      )}
    </section>
  );
}

function OrgAudit() {
  const [report, setReport] = useState<AccessReportView | null>(null);
  useEffect(() => {
    orgApi.accessAudit().then(setReport, () => undefined);
  }, []);
  return (
    <>
      <AuditLog read={(query) => accountApi.auditLog(query, orgRoutes.audit)} />
      {report && <AccessReport report={report} />}
    </>
  );
}
