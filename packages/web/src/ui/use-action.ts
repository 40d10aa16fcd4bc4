import { useState } from 'preact/hooks';
import { describeError } from '../api.ts';

/** Runs a form's async work once at a time and keeps the message to show when it fails. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(work: () => Promise<void>): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, run, setError };
}
