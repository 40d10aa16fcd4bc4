import { useState } from 'preact/hooks';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';
import { accountApi } from './account-api.ts';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function PasswordResetPage() {
  const [email, setEmail] = useState('');
  /** Null until sent; then whether this server could mail the link (the same answer for every address). */
  const [mailed, setMailed] = useState<boolean | null>(null);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      setMailed((await accountApi.requestReset(email)).mailConfigured);
    });
  };

  return (
    <main class="form-page">
      <form class="card" onSubmit={submit}>
        <h1>Reset your password</h1>
        <p>Enter the email address of your account. New accounts set their first password here too.</p>
        <Field label="Email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <Alert message={error} />
        {mailed === true && (
          <p role="status">If an account uses this address, a link to set a new password is on its way. Check your mail.</p>
        )}
        {mailed === false && (
          <p role="status" class="notice">
            This server cannot send mail, so no link was mailed. Ask an administrator of this server for a link to set your password: they can see that you asked.
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          Send reset link
        </button>
        <p class="form-links">
          <a href="/signin">Back to sign in</a>
        </p>
      </form>
    </main>
  );
}
