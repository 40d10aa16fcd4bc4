import type { IconName } from '../ui/icons.tsx';
import { Icon } from '../ui/icons.tsx';
import type { MeetingSession } from './session.ts';

export type Panel = 'participants' | 'chat' | null;

function ControlButton(props: { label: string; icon: IconName; onClick: () => void; tone?: 'off' | 'danger' | 'on'; class?: string; pressed?: boolean }) {
  return (
    <button
      type="button"
      class={['control', props.tone, props.class].filter(Boolean).join(' ')}
      aria-label={props.label}
      aria-pressed={props.pressed}
      title={props.label}
      onClick={props.onClick}
    >
      <Icon name={props.icon} />
      <span class="control-label" aria-hidden="true">
        {props.label}
      </span>
    </button>
  );
}

export function Controls(props: { session: MeetingSession; panel: Panel; onPanel: (panel: Panel) => void }) {
  const { session, panel, onPanel } = props;
  const { local } = session;
  const micOn = local.micOn.value && local.audioTrack.value !== null;
  const cameraOn = local.videoTrack.value !== null;
  const sharing = session.mediaState?.screenTrack.value != null;
  const moderator = session.roster.self.value?.role === 'moderator';

  const endForAll = () => {
    if (confirm('End the meeting for everyone in it?')) session.endForAll();
  };

  return (
    <nav class="controls" aria-label="Meeting controls">
      <ControlButton
        label={micOn ? 'Mute microphone' : 'Unmute microphone'}
        icon={micOn ? 'mic' : 'micOff'}
        tone={micOn ? undefined : 'off'}
        onClick={() => void session.setMic(!micOn)}
      />
      <ControlButton
        label={cameraOn ? 'Stop camera' : 'Start camera'}
        icon={cameraOn ? 'camera' : 'cameraOff'}
        tone={cameraOn ? undefined : 'off'}
        onClick={() => void session.setCamera(!cameraOn)}
      />
      {'getDisplayMedia' in (navigator.mediaDevices ?? {}) && (
        <ControlButton
          label={sharing ? 'Stop sharing' : 'Share screen'}
          icon={sharing ? 'screenOff' : 'screen'}
          tone={sharing ? 'on' : undefined}
          onClick={() => void session.toggleScreen()}
        />
      )}
      <ControlButton
        label="Participants"
        icon="people"
        class="narrow-only"
        pressed={panel === 'participants'}
        onClick={() => onPanel(panel === 'participants' ? null : 'participants')}
      />
      <ControlButton label="Chat" icon="chat" class="narrow-only" pressed={panel === 'chat'} onClick={() => onPanel(panel === 'chat' ? null : 'chat')} />
      <ControlButton label="Leave" icon="leave" tone="danger" onClick={() => session.leave()} />
      {moderator && <ControlButton label="End meeting for all" icon="end" tone="danger" class="end" onClick={endForAll} />}
    </nav>
  );
}
