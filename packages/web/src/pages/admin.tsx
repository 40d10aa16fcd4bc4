import { useEffect, useState } from 'preact/hooks';
import type { UserView } from '@moot/protocol';
import { api, ApiError, describeError } from '../api.ts';
import { Alert, Field, NewPasswordField } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { useAction } from '../ui/use-action.ts';
import { ConfirmPassword } from './confirm-password.tsx';

export function AdminPage() {
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [guests, setGuests] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);

  useEffect(() => {
    Promise.all([api.users(), api.settings()]).then(
      ([answer, settings]) => {
        setUsers(answer.users);
        setGuests(settings.guests);
      },
      (failure) => {
        setForbidden(failure instanceof ApiError && failure.status === 403);
        setError(describeError(failure));
      },
    );
  }, []);

  const toggleGuests = async (allowed: boolean) => {
    setError(null);
    try {
      setGuests((await api.saveSettings(allowed)).guests);
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <>
      <Header />
      <main class="page">
        <h1>Administration</h1>
        <Alert message={error} />
        {!forbidden && (
          <>
            <p>
              <a href="/admin/audit">Audit log and access audit</a>
            </p>
            <ConfirmPassword />
            <section class="card" aria-labelledby="settings-heading">
              <h2 id="settings-heading">Server settings</h2>
              <label class="check">
                <input type="checkbox" checked={guests ?? false} disabled={guests === null} onChange={(e) => toggleGuests(e.currentTarget.checked)} />
                Guests allowed on this server
              </label>
            </section>
            <section class="card" aria-labelledby="users-heading">
              <h2 id="users-heading">Members</h2>
              {users && <UsersTable users={users} />}
              <h3>New member</h3>
              <NewMemberForm onCreated={(user) => setUsers((list) => [...(list ?? []), user])} />
            </section>
          </>
        )}
      </main>
    </>
  );
}

function UsersTable(props: { users: UserView[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr key={user.id} data-user-id={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{user.role === 'admin' ? 'Administrator' : 'Member'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewMemberForm(props: { onCreated: (user: UserView) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const { user } = await api.createUser({ email, name, password });
      props.onCreated(user);
      setEmail('');
      setName('');
      setPassword('');
    });
  };

  return (
    <form class="member-form" onSubmit={submit}>
      <Field label="Email" type="email" autocomplete="off" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <Field label="Name" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <NewPasswordField value={password} onValue={setPassword} />
      <Alert message={error} />
      <button class="primary" type="submit" disabled={busy}>
        Add member
      </button>
    </form>
  );
}
