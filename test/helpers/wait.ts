/** Polling helpers: tests wait for conditions with a deadline, never for a fixed time. */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the error when the deadline passes. */
  message?: string;
}

/**
 * Calls `fn` until it returns a value other than false/undefined/null (or stops throwing),
 * then returns that value. After `timeoutMs` it throws, quoting the last error or value.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 100, message }: WaitOptions = {},
): Promise<Exclude<T, false | null | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      lastError = undefined;
      if (last !== false && last !== null && last !== undefined) return last as Exclude<T, false | null | undefined>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? lastError.message : lastError !== undefined ? String(lastError) : JSON.stringify(last);
      const error = new Error(`waitFor timed out after ${timeoutMs} ms${message ? `: ${message}` : ''} (last: ${why})`);
      if (lastError instanceof Error) (error as Error & { cause?: unknown }).cause = lastError;
      throw error;
    }
    await sleep(intervalMs);
  }
}
