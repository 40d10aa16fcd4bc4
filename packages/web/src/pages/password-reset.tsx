import { useState } from 'preact/hooks';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';
import { accountApi } from './account-api.ts';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function PasswordResetPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await accountApi.requestReset(email);
      setSent(true);
    });
  };

  return (
    <main class="form-page">
      <form class="card" onSubmit={submit}>
        <h1>Reset your password</h1>
        <p>Enter the email address of your account. New accounts set their first password here too.</p>
        <Field label="Email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <Alert message={error} />
        {sent && (
          <p role="status">If an account uses this address, a link to set a new password is on its way. Check your mail.</p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          Send reset link
        </button>
        <a href="/signin">Back to sign in</a>
      </form>
    </main>
  );
}
