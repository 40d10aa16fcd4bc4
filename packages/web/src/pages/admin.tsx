import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AdminUserChangeBody, AdminUserView, InvitationView, MailStatusView } from '@moot/protocol';
import { api, ApiError, describeError } from '../api.ts';
import { me } from '../auth.ts';
import { t } from '../i18n/index.ts';
import { Dialog, useConfirm, type ConfirmOptions } from '../ui/dialog.tsx';
import { Alert, Field } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { Link } from '../ui/link.tsx';
import { TimeText, formatDateTime } from '../ui/time.tsx';
import { useAction } from '../ui/use-action.ts';
import { useRecentPassword } from './confirm-password.tsx';
import { LdapSyncCard } from './admin-dashboard-ldap-sync.tsx';

/** A set-password link to show once, for the person it is for. */
export interface PassOn {
  name: string;
  invitation: InvitationView;
}

/**
 * Every change of an administration page: the password asked for only when the server needs it,
 * the outcome (or the refusal) said once. `change` answers whether it was made.
 */
export function useChange() {
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { guarded, dialog } = useRecentPassword();
  const change = async (work: () => Promise<string | null>): Promise<boolean> => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await guarded(work));
      return true;
    } catch (failure) {
      setError(describeError(failure));
      return false;
    }
  };
  return { change, error, setError, status, dialog };
}

export function AdminPage() {
  const [users, setUsers] = useState<AdminUserView[] | null>(null);
  const [guests, setGuests] = useState<boolean | null>(null);
  const [mail, setMail] = useState<MailStatusView | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [passOn, setPassOn] = useState<PassOn | null>(null);
  const { change, error, setError, status, dialog: passwordDialog } = useChange();
  const { confirm, dialog: confirmDialog } = useConfirm();

  useEffect(() => {
    Promise.all([api.users(), api.settings(), api.mailStatus()]).then(
      ([answer, settings, mailStatus]) => {
        setUsers(answer.users);
        setGuests(settings.guests);
        setMail(mailStatus);
      },
      (failure) => {
        setForbidden(failure instanceof ApiError && failure.status === 403);
        setError(describeError(failure));
      },
    );
  }, []);

  const replace = (user: AdminUserView) => setUsers((list) => list?.map((u) => (u.id === user.id ? user : u)) ?? null);

  const toggleGuests = (allowed: boolean) =>
    change(async () => {
      setGuests((await api.saveSettings(allowed)).guests);
      return allowed ? t('admin.guestsOn') : t('admin.guestsOff');
    });

  const invitationOutcome = (user: { name: string; email: string }, invitation: InvitationView) => {
    if (invitation.mailed) return t('admin.invitationMailed', { email: user.email });
    setPassOn({ name: user.name, invitation });
    return null;
  };

  const inviteAgain = (user: { id: string; name: string; email: string }) =>
    change(async () => invitationOutcome(user, (await api.inviteAgain(user.id)).invitation));

  const changeUser = async (user: AdminUserView, body: AdminUserChangeBody, question: ConfirmOptions, done: string) => {
    if (!(await confirm(question))) return;
    await change(async () => {
      replace((await api.changeUser(user.id, body)).user);
      return done;
    });
  };

  const actions: UserActions = {
    suspend: (u) =>
      changeUser(
        u,
        { status: 'suspended' },
        { title: t('admin.suspendTitle', { name: u.name }), message: t('admin.suspendText'), confirmLabel: t('admin.suspend'), danger: true },
        t('admin.suspended', { name: u.name }),
      ),
    reactivate: (u) =>
      changeUser(u, { status: 'active' }, { title: t('admin.reactivateTitle', { name: u.name }), confirmLabel: t('admin.reactivate') }, t('admin.reactivated', { name: u.name })),
    grantAdmin: (u) =>
      changeUser(
        u,
        { role: 'admin' },
        { title: t('admin.grantTitle', { name: u.name }), message: t('admin.grantText'), confirmLabel: t('admin.grant') },
        t('admin.granted', { name: u.name }),
      ),
    revokeAdmin: (u) =>
      changeUser(
        u,
        { role: 'member' },
        { title: t('admin.revokeTitle', { name: u.name }), message: t('admin.revokeText'), confirmLabel: t('admin.revoke'), danger: true },
        t('admin.revoked', { name: u.name }),
      ),
    invite: inviteAgain,
  };

  return (
    <>
      <Header />
      <main class="page">
        <h1>{t('nav.admin')}</h1>
        {!forbidden && (
          <p>
            <Link href="/admin/audit">{t('admin.auditLink')}</Link>
          </p>
        )}
        {!forbidden && (
          <p>
            <Link href="/admin/dashboard">{t('dashboard.link')}</Link>
          </p>
        )}
        {!forbidden && <LdapSyncCard />}
        <Alert message={error} />
        {status && (
          <p role="status" class="notice">
            {status}
          </p>
        )}
        {!forbidden && (
          <>
            {mail && !mail.configured && (
              <MailMissing unsent={mail.unsentResets} onLink={(u) => inviteAgain({ id: u.userId, name: u.name, email: u.email })} />
            )}
            <section class="card" aria-labelledby="settings-heading">
              <h2 id="settings-heading">{t('admin.settings')}</h2>
              <label class="check">
                <input type="checkbox" checked={guests ?? false} disabled={guests === null} onChange={(e) => toggleGuests(e.currentTarget.checked)} />
                {t('admin.guestsAllowed')}
              </label>
            </section>
            <section class="card" aria-labelledby="users-heading">
              <h2 id="users-heading">{t('admin.members')}</h2>
              {users && <UsersTable users={users} canMail={mail?.configured ?? true} actions={actions} />}
              <h3>{t('admin.inviteHeading')}</h3>
              <InviteForm
                canMail={mail?.configured ?? true}
                onInvite={(body) =>
                  change(async () => {
                    const { user, invitation } = await api.createUser(body);
                    setUsers((list) => [...(list ?? []), user]);
                    return invitationOutcome(user, invitation) ?? t('admin.accountReady', { name: user.name });
                  })
                }
              />
            </section>
          </>
        )}
      </main>
      {passOn && <PassOnDialog passOn={passOn} onClose={() => setPassOn(null)} />}
      {passwordDialog}
      {confirmDialog}
    </>
  );
}

interface UserActions {
  suspend: (user: AdminUserView) => unknown;
  reactivate: (user: AdminUserView) => unknown;
  grantAdmin: (user: AdminUserView) => unknown;
  revokeAdmin: (user: AdminUserView) => unknown;
  invite: (user: AdminUserView) => unknown;
}

export function statusText(user: AdminUserView): string {
  if (user.status === 'suspended') return t('admin.status.suspended');
  return user.invited ? t('admin.status.invited') : t('admin.status.active');
}

/** The people tables of the administration pages: the same columns, with the role and actions each page gives. */
export function PeopleTable<U extends AdminUserView>(props: { users: U[]; roleColumn: string; role: (user: U) => string; actions: (user: U) => ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('roomForm.name')}</th>
            <th scope="col">{t('field.email')}</th>
            <th scope="col">{props.roleColumn}</th>
            <th scope="col">{t('admin.statusColumn')}</th>
            <th scope="col">{t('admin.lastSignIn')}</th>
            <th scope="col">{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr key={user.id} data-user-id={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{props.role(user)}</td>
              <td>{statusText(user)}</td>
              <td>{user.lastSignIn ? <TimeText iso={user.lastSignIn} /> : t('admin.never')}</td>
              <td>{props.actions(user)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UsersTable(props: { users: AdminUserView[]; canMail: boolean; actions: UserActions }) {
  const self = me.value?.user?.id;
  const { actions } = props;
  return (
    <PeopleTable
      users={props.users}
      roleColumn={t('admin.roleColumn')}
      role={(user) => (user.role === 'admin' ? t('admin.role.admin') : t('admin.role.member'))}
      actions={(user) =>
        user.id === self ? (
          <span class="muted">{t('admin.you')}</span>
        ) : (
          <div class="row-actions" role="group" aria-label={t('people.actionsFor', { name: user.name })}>
            {user.invited && user.status === 'active' && (
              <button type="button" onClick={() => actions.invite(user)}>
                {props.canMail ? t('admin.inviteAgain') : t('admin.makeLink')}
              </button>
            )}
            {user.role === 'member' ? (
              <button type="button" onClick={() => actions.grantAdmin(user)}>
                {t('admin.grant')}
              </button>
            ) : (
              <button type="button" onClick={() => actions.revokeAdmin(user)}>
                {t('admin.revoke')}
              </button>
            )}
            {user.status === 'active' ? (
              <button type="button" class="danger" onClick={() => actions.suspend(user)}>
                {t('admin.suspend')}
              </button>
            ) : (
              <button type="button" onClick={() => actions.reactivate(user)}>
                {t('admin.reactivate')}
              </button>
            )}
          </div>
        )
      }
    />
  );
}

/** No mail server: said plainly, with the people who asked for a link meanwhile. */
function MailMissing(props: { unsent: MailStatusView['unsentResets']; onLink: (request: MailStatusView['unsentResets'][number]) => void }) {
  return (
    <section class="card notice-card" aria-labelledby="mail-heading">
      <h2 id="mail-heading">{t('admin.noMailTitle')}</h2>
      <p>{t('admin.noMailText', { variable: 'MOOT_SMTP_URL' })}</p>
      {props.unsent.length > 0 && (
        <>
          <h3>{t('admin.askedReset')}</h3>
          <ul class="plain-list">
            {props.unsent.map((request) => (
              <li key={request.userId}>
                {t('admin.askedOn', { name: request.name, email: request.email, date: formatDateTime(request.at) })}{' '}
                <button type="button" onClick={() => props.onLink(request)}>
                  {t('admin.makeLinkFor', { name: request.name })}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function InviteForm(props: { canMail: boolean; onInvite: (body: { email: string; name: string }) => Promise<boolean> }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const { busy, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      if (!(await props.onInvite({ email, name }))) return;
      setEmail('');
      setName('');
    });
  };

  return (
    <form class="member-form" onSubmit={submit}>
      <p class="muted">
        {props.canMail
          ? t('admin.inviteMailed')
          : t('admin.inviteUnmailed')}
      </p>
      <Field label={t('field.email')} type="email" autocomplete="off" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <Field label={t('roomForm.name')} required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <button class="primary" type="submit" disabled={busy}>
        {t('admin.invite')}
      </button>
    </form>
  );
}

export function PassOnDialog(props: { passOn: PassOn; onClose: () => void }) {
  const { name, invitation } = props.passOn;
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(invitation.link ?? '').then(
      () => setCopied(true),
      () => undefined,
    );
  return (
    <Dialog title={t('admin.linkFor', { name })} onClose={props.onClose}>
      <p>{t('admin.passOnText', { name, date: formatDateTime(invitation.expiresAt) })}</p>
      <div class="copy-row">
        <input class="url" readOnly value={invitation.link} aria-label={t('admin.linkFor', { name })} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          {copied ? t('home.copied') : t('home.copy')}
        </button>
      </div>
      <div class="actions">
        <button type="button" class="primary" onClick={props.onClose}>
          {t('action.done')}
        </button>
      </div>
    </Dialog>
  );
}
