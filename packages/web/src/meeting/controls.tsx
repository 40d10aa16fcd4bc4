import { useEffect, useRef, useState } from 'preact/hooks';
import type { IconName } from '../ui/icons.tsx';
import { Icon } from '../ui/icons.tsx';
import type { MeetingSession } from './session.ts';
import type { Layout } from './tiles.tsx';

export type Panel = 'participants' | 'chat' | null;

/**
 * Where an action lives: always on the bar, on the bar of wide screens only (in "More" on
 * phones, where the bar has no room), or in "More" everywhere.
 */
type Placement = 'bar' | 'wide' | 'menu';

interface Action {
  label: string;
  icon: IconName;
  onClick: () => void;
  place: Placement;
  tone?: 'off' | 'danger' | 'on';
  class?: string;
  pressed?: boolean;
}

function ControlButton(props: { action: Action; extraClass?: string }) {
  const { action } = props;
  return (
    <button
      type="button"
      class={['control', action.tone, action.class, props.extraClass].filter(Boolean).join(' ')}
      aria-label={action.label}
      aria-pressed={action.pressed}
      title={action.label}
      onClick={action.onClick}
    >
      <Icon name={action.icon} />
      <span class="control-label" aria-hidden="true">
        {action.label}
      </span>
    </button>
  );
}

interface ControlsProps {
  session: MeetingSession;
  panel: Panel;
  onPanel: (panel: Panel) => void;
  layout: Layout;
  onLayout: (layout: Layout) => void;
  onSettings: () => void;
}

export function Controls(props: ControlsProps) {
  const { session, panel, onPanel, layout } = props;
  const { local } = session;
  const [menuOpen, setMenuOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const micOn = local.micOn.value && local.audioTrack.value !== null;
  const cameraOn = local.videoTrack.value !== null;
  const sharing = session.mediaState?.screenTrack.value != null;
  const self = session.roster.self.value;
  const moderator = self?.role === 'moderator';
  const handUp = self?.handRaisedAt != null;

  useEffect(() => {
    if (!menuOpen) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !menu.current?.contains(event.target as Node)) setMenuOpen(false);
    };
    addEventListener('pointerdown', close);
    addEventListener('keydown', close);
    return () => {
      removeEventListener('pointerdown', close);
      removeEventListener('keydown', close);
    };
  }, [menuOpen]);

  const inMenu = (run: () => void) => () => {
    setMenuOpen(false);
    run();
  };

  const actions: (Action | false)[] = [
    {
      label: micOn ? 'Mute microphone' : 'Unmute microphone',
      icon: micOn ? 'mic' : 'micOff',
      tone: micOn ? undefined : 'off',
      place: 'bar',
      onClick: () => void session.setMic(!micOn),
    },
    {
      label: cameraOn ? 'Stop camera' : 'Start camera',
      icon: cameraOn ? 'camera' : 'cameraOff',
      tone: cameraOn ? undefined : 'off',
      place: 'bar',
      onClick: () => void session.setCamera(!cameraOn),
    },
    'getDisplayMedia' in (navigator.mediaDevices ?? {}) && {
      label: sharing ? 'Stop sharing' : 'Share screen',
      icon: sharing ? 'screenOff' : 'screen',
      tone: sharing ? 'on' : undefined,
      place: 'wide',
      onClick: inMenu(() => void session.toggleScreen()),
    },
    {
      label: handUp ? 'Lower hand' : 'Raise hand',
      icon: 'hand',
      tone: handUp ? 'on' : undefined,
      place: 'wide',
      onClick: inMenu(() => session.command({ type: 'hand', raised: !handUp })),
    },
    moderator && {
      label: session.recording.value ? 'Stop recording' : 'Start recording',
      icon: 'record',
      tone: session.recording.value ? 'on' : undefined,
      place: 'wide',
      onClick: inMenu(() => session.setRecording(!session.recording.value)),
    },
    {
      label: layout === 'grid' ? 'Speaker view' : 'Grid view',
      icon: layout === 'grid' ? 'speakerView' : 'grid',
      place: 'wide',
      onClick: inMenu(() => props.onLayout(layout === 'grid' ? 'speaker' : 'grid')),
    },
    { label: 'Settings', icon: 'settings', place: 'wide', onClick: inMenu(props.onSettings) },
    {
      label: 'Participants',
      icon: 'people',
      class: 'narrow-only',
      place: 'bar',
      pressed: panel === 'participants',
      onClick: () => onPanel(panel === 'participants' ? null : 'participants'),
    },
    { label: 'Chat', icon: 'chat', class: 'narrow-only', place: 'bar', pressed: panel === 'chat', onClick: () => onPanel(panel === 'chat' ? null : 'chat') },
    {
      label: session.audioOnly.value ? 'Show video' : 'Audio only',
      icon: 'waves',
      place: 'menu',
      onClick: inMenu(() => session.setAudioOnly(!session.audioOnly.value)),
    },
    moderator && { label: 'Mute everyone', icon: 'micOff', place: 'menu', onClick: inMenu(() => session.command({ type: 'muteAll' })) },
    moderator && {
      label: session.locked.value ? 'Unlock meeting' : 'Lock meeting',
      icon: 'lock',
      place: 'menu',
      onClick: inMenu(() => session.command({ type: 'lock', locked: !session.locked.value })),
    },
  ];
  const all = actions.filter((action): action is Action => action !== false);

  const endForAll = () => {
    if (confirm('End the meeting for everyone in it?')) session.command({ type: 'endMeeting' });
  };

  return (
    <nav class="controls" aria-label="Meeting controls">
      {all
        .filter((action) => action.place !== 'menu')
        .map((action) => (
          <ControlButton key={action.label} action={action} extraClass={action.place === 'wide' ? 'wide-only' : undefined} />
        ))}
      <div class="more" ref={menu}>
        <button
          type="button"
          class="control"
          aria-label="More"
          aria-expanded={menuOpen}
          title="More"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <Icon name="more" />
          <span class="control-label" aria-hidden="true">
            More
          </span>
        </button>
        {menuOpen && (
          <div class="menu">
            {all
              .filter((action) => action.place !== 'bar')
              .map((action) => (
                <button
                  key={action.label}
                  type="button"
                  class={action.place === 'wide' ? 'narrow-only' : undefined}
                  aria-pressed={action.pressed}
                  onClick={action.onClick}
                >
                  <Icon name={action.icon} />
                  {action.label}
                </button>
              ))}
          </div>
        )}
      </div>
      <ControlButton action={{ label: 'Leave', icon: 'leave', tone: 'danger', place: 'bar', onClick: () => session.leave() }} />
      {moderator && <ControlButton action={{ label: 'End meeting for all', icon: 'end', tone: 'danger', class: 'end', place: 'bar', onClick: endForAll }} />}
    </nav>
  );
}
