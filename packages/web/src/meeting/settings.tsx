import { Dialog } from '../ui/dialog.tsx';
import { DeviceSelects } from './device-selects.tsx';
import type { MeetingSession } from './session.ts';

/** Devices during the meeting, in the app's modal dialog (focus kept inside, Escape closes it). */
export function SettingsDialog(props: { session: MeetingSession; onClose: () => void }) {
  return (
    <Dialog title="Settings" onClose={props.onClose}>
      <DeviceSelects session={props.session} />
      <div class="actions">
        <button type="button" class="primary" onClick={props.onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
