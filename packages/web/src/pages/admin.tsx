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

/** A set-password link to show once, for the person it is for. */
interface PassOn {
  name: string;
  invitation: InvitationView;
}

export function AdminPage() {
  const [users, setUsers] = useState<AdminUserView[] | null>(null);
  const [guests, setGuests] = useState<boolean | null>(null);
  const [mail, setMail] = useState<MailStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [passOn, setPassOn] = useState<PassOn | null>(null);
  const { guarded, dialog: passwordDialog } = useRecentPassword();
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

  /** Every change: the password asked for only when the server needs it, the outcome said once. True when it was made. */
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

  const replace = (user: AdminUserView) => setUsers((list) => list?.map((u) => (u.id === user.id ? user : u)) ?? null);

  const toggleGuests = (allowed: boolean) =>
    change(async () => {
      setGuests((await api.saveSettings(allowed)).guests);
      return allowed ? 'Guests are allowed on this server.' : 'Guests are no longer allowed on this server.';
    });

  const invitationOutcome = (user: { name: string; email: string }, invitation: InvitationView) => {
    if (invitation.mailed) return `An invitation was mailed to ${user.email}.`;
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
        { title: `Suspend ${u.name}?`, message: 'They are signed out everywhere at once and cannot sign in; their rooms hold no meetings until you reactivate them.', confirmLabel: 'Suspend', danger: true },
        `${u.name} is suspended.`,
      ),
    reactivate: (u) =>
      changeUser(u, { status: 'active' }, { title: `Reactivate ${u.name}?`, confirmLabel: 'Reactivate' }, `${u.name} can sign in again.`),
    grantAdmin: (u) =>
      changeUser(
        u,
        { role: 'admin' },
        { title: `Make ${u.name} an administrator?`, message: 'Administrators manage every account, the server settings and the audit log.', confirmLabel: 'Make administrator' },
        `${u.name} is now an administrator.`,
      ),
    revokeAdmin: (u) =>
      changeUser(
        u,
        { role: 'member' },
        { title: `Remove ${u.name}'s administrator role?`, message: 'They stay a member and are signed out everywhere.', confirmLabel: 'Remove administrator', danger: true },
        `${u.name} is now a member.`,
      ),
    invite: inviteAgain,
  };

  return (
    <>
      <Header />
      <main class="page">
        <h1>Administration</h1>
        {!forbidden && (
          <p>
            <Link href="/admin/audit">Audit log and access audit</Link>
          </p>
        )}
        {!forbidden && (
          <p>
            <Link href="/admin/dashboard">{t('dashboard.link')}</Link>
          </p>
        )}
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
              <h2 id="settings-heading">Server settings</h2>
              <label class="check">
                <input type="checkbox" checked={guests ?? false} disabled={guests === null} onChange={(e) => toggleGuests(e.currentTarget.checked)} />
                Guests allowed on this server
              </label>
            </section>
            <section class="card" aria-labelledby="users-heading">
              <h2 id="users-heading">Members</h2>
              {users && <UsersTable users={users} canMail={mail?.configured ?? true} actions={actions} />}
              <h3>Invite a member</h3>
              <InviteForm
                canMail={mail?.configured ?? true}
                onInvite={(body) =>
                  change(async () => {
                    const { user, invitation } = await api.createUser(body);
                    setUsers((list) => [...(list ?? []), user]);
                    return invitationOutcome(user, invitation) ?? `${user.name}'s account is ready.`;
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

function statusText(user: AdminUserView): string {
  if (user.status === 'suspended') return 'Suspended';
  return user.invited ? 'Invited, no password yet' : 'Active';
}

function UsersTable(props: { users: AdminUserView[]; canMail: boolean; actions: UserActions }) {
  const self = me.value?.user?.id;
  const { actions } = props;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr key={user.id} data-user-id={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{user.role === 'admin' ? 'Administrator' : 'Member'}</td>
              <td>{statusText(user)}</td>
              <td>{user.lastSignIn ? <TimeText iso={user.lastSignIn} /> : 'Never'}</td>
              <td>
                {user.id === self ? (
                  <span class="muted">You</span>
                ) : (
                  <div class="row-actions" role="group" aria-label={`Actions for ${user.name}`}>
                    {user.invited && user.status === 'active' && (
                      <button type="button" onClick={() => actions.invite(user)}>
                        {props.canMail ? 'Send invitation again' : 'Make set-password link'}
                      </button>
                    )}
                    {user.role === 'member' ? (
                      <button type="button" onClick={() => actions.grantAdmin(user)}>
                        Make administrator
                      </button>
                    ) : (
                      <button type="button" onClick={() => actions.revokeAdmin(user)}>
                        Remove administrator
                      </button>
                    )}
                    {user.status === 'active' ? (
                      <button type="button" class="danger" onClick={() => actions.suspend(user)}>
                        Suspend
                      </button>
                    ) : (
                      <button type="button" onClick={() => actions.reactivate(user)}>
                        Reactivate
                      </button>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** No mail server: said plainly, with the people who asked for a link meanwhile. */
function MailMissing(props: { unsent: MailStatusView['unsentResets']; onLink: (request: MailStatusView['unsentResets'][number]) => void }) {
  return (
    <section class="card notice-card" aria-labelledby="mail-heading">
      <h2 id="mail-heading">moot cannot send mail</h2>
      <p>
        No mail server is configured (<code>MOOT_SMTP_URL</code>), so invitations and password-reset links cannot be mailed. When you invite someone, you get a
        one-time link to set their password: pass it on to them yourself.
      </p>
      {props.unsent.length > 0 && (
        <>
          <h3>Asked for a new password</h3>
          <ul class="plain-list">
            {props.unsent.map((request) => (
              <li key={request.userId}>
                {request.name} ({request.email}) asked on <TimeText iso={request.at} />.{' '}
                <button type="button" onClick={() => props.onLink(request)}>
                  Make a link for {request.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function InviteForm(props: { canMail: boolean; onInvite: (body: { email: string; name: string }) => Promise<boolean> }) {
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
          ? 'moot mails them a one-time link to choose their password.'
          : 'You get a one-time link to choose their password, to pass on yourself.'}
      </p>
      <Field label="Email" type="email" autocomplete="off" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <Field label="Name" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <button class="primary" type="submit" disabled={busy}>
        Invite
      </button>
    </form>
  );
}

function PassOnDialog(props: { passOn: PassOn; onClose: () => void }) {
  const { name, invitation } = props.passOn;
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(invitation.link ?? '').then(
      () => setCopied(true),
      () => undefined,
    );
  return (
    <Dialog title={`Set-password link for ${name}`} onClose={props.onClose}>
      <p>
        No mail could be sent. Give this link to {name} yourself, by a way only they read. It works once, until {formatDateTime(invitation.expiresAt)}, and
        signs them in.
      </p>
      <div class="copy-row">
        <input class="url" readOnly value={invitation.link} aria-label={`Set-password link for ${name}`} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
      <div class="actions">
        <button type="button" class="primary" onClick={props.onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
