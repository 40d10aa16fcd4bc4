import { useEffect, useId, useRef } from 'preact/hooks';
import { DeviceSelects } from './device-selects.tsx';
import type { MeetingSession } from './session.ts';

/**
 * Devices during the meeting, in a modal <dialog>: the browser traps focus in it, closes it
 * on Escape and hands focus back to the button that opened it.
 */
export function SettingsDialog(props: { session: MeetingSession; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  return (
    <dialog ref={dialog} class="settings" aria-labelledby={headingId} onClose={props.onClose}>
      <h2 id={headingId}>Settings</h2>
      <DeviceSelects session={props.session} />
      <form method="dialog" class="actions">
        <button type="submit" class="primary">
          Done
        </button>
      </form>
    </dialog>
  );
}
