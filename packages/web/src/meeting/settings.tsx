import { t } from '../i18n/index.ts';
import { Dialog } from '../ui/dialog.tsx';
import { DeviceSelects } from './device-selects.tsx';
import { RelayOnlyChoice } from './relay-only.tsx';
import type { MeetingSession } from './session.ts';

/** Devices during the meeting, in the app's modal dialog (focus kept inside, Escape closes it). */
export function SettingsDialog(props: { session: MeetingSession; onClose: () => void }) {
  return (
    <Dialog title={t('controls.settings')} onClose={props.onClose}>
      <DeviceSelects session={props.session} />
      <RelayOnlyChoice serverHasRelay={props.session.entry.relay} onChange={() => props.session.mediaState?.relayOnlyChanged()} />
      <div class="actions">
        <button type="button" class="primary" onClick={props.onClose}>
          {t('action.done')}
        </button>
      </div>
    </Dialog>
  );
}
