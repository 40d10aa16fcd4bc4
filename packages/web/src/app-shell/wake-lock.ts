/**
 * Keeps the screen on while a meeting is shown. The browser lets go of the lock whenever the page
 * is hidden, so it is asked for again each time the page comes back. Returns how to let go.
 */
export function keepScreenOn(): () => void {
  if (!('wakeLock' in navigator)) return () => undefined;
  let held: WakeLockSentinel | null = null;
  let stopped = false;
  const request = () => {
    if (stopped || document.visibilityState !== 'visible') return;
    navigator.wakeLock.request('screen').then(
      (sentinel) => {
        if (stopped) void sentinel.release();
        else held = sentinel;
      },
      // Refused (battery saver, a policy): the screen dims as it would anyway.
      () => undefined,
    );
  };
  request();
  document.addEventListener('visibilitychange', request);
  return () => {
    stopped = true;
    document.removeEventListener('visibilitychange', request);
    void held?.release();
    held = null;
  };
}
