import { useEffect, useRef, useState } from 'preact/hooks';
import { canPictureInPicture, usePictureInPicture } from '../app-shell/picture-in-picture.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { useConfirm } from '../ui/dialog.tsx';
import type { IconName } from '../ui/icons.tsx';
import { Icon } from '../ui/icons.tsx';
import type { MeetingSession } from './session.ts';
import { spotlightFor } from './speaker.ts';
import type { Layout } from './tiles.tsx';

export type Panel = 'participants' | 'chat' | 'poll' | 'breakouts' | 'notes' | 'stage' | null;

/**
 * Where an action lives: always on the bar, on the bar of wide screens only (in "More" on
 * phones, where the bar has no room), or in "More" everywhere.
 */
type Placement = 'bar' | 'wide' | 'menu';

interface Action {
  /** Stays the same when the label flips ("Mute" / "Unmute"), so the pressed button keeps focus. */
  id: string;
  label: string;
  icon: IconName;
  onClick: () => void;
  place: Placement;
  tone?: 'off' | 'danger' | 'on';
  class?: string;
  pressed?: boolean;
  /** A small count on the button (unread messages), with its meaning for screen readers. */
  badge?: { count: number; description: string };
}

function ControlButton(props: { action: Action; extraClass?: string }) {
  const { action } = props;
  const badgeId = `${action.id}-badge`;
  return (
    <button
      type="button"
      class={['control', action.tone, action.class, props.extraClass].filter(Boolean).join(' ')}
      aria-label={action.label}
      aria-pressed={action.pressed}
      aria-describedby={action.badge ? badgeId : undefined}
      title={action.label}
      onClick={action.onClick}
    >
      <Icon name={action.icon} />
      <span class="control-label" aria-hidden="true">
        {action.label}
      </span>
      {action.badge && (
        // The count is drawn by CSS so that it is not taken for words of the button's name (which
        // speech input users say); screen readers read it with its meaning, as the description.
        <span class="count-badge" id={badgeId} data-count={formatNumber(action.badge.count)}>
          <span class="visually-hidden">
            {formatNumber(action.badge.count)} {action.badge.description}
          </span>
        </span>
      )}
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
  onShortcuts: () => void;
  /** Opens or closes the presenter's presentations. */
  onSlides: () => void;
  board: boolean;
  onBoard: (open: boolean) => void;
}

/** Whether this browser can share a screen at all (phones mostly cannot). */
const canShareScreen = () => typeof navigator.mediaDevices?.getDisplayMedia === 'function';

export function Controls(props: ControlsProps) {
  const { session, panel, onPanel, layout } = props;
  const { local } = session;
  const { confirm, dialog } = useConfirm();
  const micOn = local.micOn.value && local.audioTrack.value !== null;
  const cameraOn = local.videoTrack.value !== null;
  const sharing = session.mediaState?.screenTrack.value != null;
  const self = session.roster.self.value;
  const moderator = self?.role === 'moderator';
  const handUp = self?.handRaisedAt != null;
  const recording = session.recording.value.active;
  const live = session.livestream.live.value;
  const unread = session.unreadChat.value;
  const stage = session.stage.view.value;
  // The current speaker hands on themselves; moderators may at any time.
  const mayPassMic = stage !== null && (moderator || (self !== null && stage.current?.participantId === self.id));
  const spotlight = spotlightFor(session.roster.ordered.value, session.roster.selfId.value);
  const picture = usePictureInPicture(
    () => speakerVideo(spotlight),
    spotlight && `${spotlight.source}:${spotlight.participantId}`,
    () => session.showToast(t('controls.noPicture')),
  );

  const endForAll = async () => {
    if (await confirm({ title: t('controls.endTitle'), message: t('controls.endText'), confirmLabel: t('controls.endConfirm'), danger: true })) {
      session.command({ type: 'endMeeting' });
    }
  };

  // The audience sends no sound or picture: their bar has no microphone, camera or screen.
  const seated = !session.inAudience;
  const actions: (Action | false)[] = [
    seated && {
      id: 'mic',
      label: micOn ? t('controls.mute') : t('controls.unmute'),
      icon: micOn ? 'mic' : 'micOff',
      tone: micOn ? undefined : 'off',
      place: 'bar',
      onClick: () => void session.setMic(!micOn),
    },
    seated && {
      id: 'camera',
      label: cameraOn ? t('controls.stopCamera') : t('controls.startCamera'),
      icon: cameraOn ? 'camera' : 'cameraOff',
      tone: cameraOn ? undefined : 'off',
      place: 'bar',
      onClick: () => void session.setCamera(!cameraOn),
    },
    seated && canShareScreen() && {
      id: 'screen',
      label: sharing ? t('controls.stopSharing') : t('controls.share'),
      icon: sharing ? 'screenOff' : 'screen',
      tone: sharing ? 'on' : undefined,
      place: 'wide',
      onClick: () => void session.toggleScreen(),
    },
    mayPassMic && { id: 'pass-mic', label: t('stage.passMic'), icon: 'mic', place: 'bar', onClick: () => session.command({ type: 'stagePassMic' }) },
    {
      id: 'hand',
      label: handUp ? t('controls.lowerHand') : t('controls.raiseHand'),
      icon: 'hand',
      tone: handUp ? 'on' : undefined,
      place: 'wide',
      onClick: () => session.command({ type: 'hand', raised: !handUp }),
    },
    moderator && {
      id: 'record',
      label: recording ? t('controls.stopRecording') : t('controls.startRecording'),
      icon: 'record',
      tone: recording ? 'on' : undefined,
      place: 'wide',
      onClick: () => session.setRecording(!recording),
    },
    moderator && {
      id: 'livestream',
      label: live ? t('controls.stopLivestream') : t('controls.startLivestream'),
      icon: 'broadcast',
      tone: live ? 'on' : undefined,
      place: 'wide',
      onClick: () => session.command({ type: 'livestream', active: !live }),
    },
    (moderator || self?.presenter === true) && { id: 'slides', label: t('controls.slides'), icon: 'screen', place: 'wide', onClick: props.onSlides },
    {
      id: 'board',
      label: props.board ? t('controls.closeBoard') : t('controls.board'),
      icon: 'board',
      place: 'wide',
      pressed: props.board,
      onClick: () => props.onBoard(!props.board),
    },
    {
      id: 'notes',
      label: t('controls.notes'),
      icon: 'notes',
      place: 'wide',
      pressed: panel === 'notes',
      onClick: () => onPanel(panel === 'notes' ? null : 'notes'),
    },
    {
      id: 'layout',
      label: layout === 'grid' ? t('controls.speakerView') : t('controls.gridView'),
      icon: layout === 'grid' ? 'speakerView' : 'grid',
      place: 'wide',
      onClick: () => props.onLayout(layout === 'grid' ? 'speaker' : 'grid'),
    },
    { id: 'settings', label: t('controls.settings'), icon: 'settings', place: 'wide', onClick: props.onSettings },
    {
      id: 'participants',
      label: t('controls.participants'),
      icon: 'people',
      class: 'narrow-only',
      place: 'bar',
      pressed: panel === 'participants',
      onClick: () => onPanel(panel === 'participants' ? null : 'participants'),
    },
    {
      id: 'chat',
      label: t('chat.log'),
      icon: 'chat',
      class: 'narrow-only',
      place: 'bar',
      pressed: panel === 'chat',
      ...(unread > 0 && panel !== 'chat' ? { badge: { count: unread, description: t('controls.unread', { count: unread }) } } : {}),
      onClick: () => onPanel(panel === 'chat' ? null : 'chat'),
    },
    { id: 'invite', label: t('controls.copyInvitation'), icon: 'people', place: 'menu', onClick: () => void session.copyInvitation() },
    {
      id: 'audio-only',
      label: session.audioOnly.value ? t('controls.showVideo') : t('controls.audioOnly'),
      icon: 'waves',
      place: 'menu',
      onClick: () => session.setAudioOnly(!session.audioOnly.value),
    },
    canPictureInPicture() && {
      id: 'picture',
      label: picture.active ? t('controls.closePicture') : t('controls.picture'),
      icon: 'speakerView',
      place: 'menu',
      pressed: picture.active,
      onClick: picture.toggle,
    },
    { id: 'shortcuts', label: t('shortcuts.title'), icon: 'more', place: 'menu', onClick: props.onShortcuts },
    moderator && { id: 'poll', label: t('poll.title'), icon: 'hand', place: 'menu', pressed: panel === 'poll', onClick: () => onPanel(panel === 'poll' ? null : 'poll') },
    moderator && {
      id: 'breakouts',
      label: t('breakout.title'),
      icon: 'grid',
      place: 'menu',
      pressed: panel === 'breakouts',
      onClick: () => onPanel(panel === 'breakouts' ? null : 'breakouts'),
    },
    (moderator || stage !== null) && {
      id: 'stage',
      label: t('stage.title'),
      icon: 'people',
      place: 'menu',
      pressed: panel === 'stage',
      onClick: () => onPanel(panel === 'stage' ? null : 'stage'),
    },
    moderator && { id: 'mute-all', label: t('controls.muteAll'), icon: 'micOff', place: 'menu', onClick: () => session.command({ type: 'muteAll' }) },
    moderator && {
      id: 'lock',
      label: session.locked.value ? t('controls.unlock') : t('controls.lock'),
      icon: 'lock',
      place: 'menu',
      onClick: () => session.command({ type: 'lock', locked: !session.locked.value }),
    },
  ];
  const all = actions.filter((action): action is Action => action !== false);

  return (
    <nav class="controls" aria-label={t('controls.bar')}>
      {all
        .filter((action) => action.place !== 'menu')
        .map((action) => (
          <ControlButton key={action.id} action={action} extraClass={action.place === 'wide' ? 'wide-only' : undefined} />
        ))}
      <MoreMenu actions={all.filter((action) => action.place !== 'bar')} />
      <ControlButton action={{ id: 'leave', label: t('controls.leave'), icon: 'leave', tone: 'danger', place: 'bar', onClick: () => session.leave() }} />
      {moderator && (
        <ControlButton action={{ id: 'end', label: t('controls.endForAll'), icon: 'end', tone: 'danger', class: 'end', place: 'bar', onClick: () => void endForAll() }} />
      )}
      {dialog}
    </nav>
  );
}

/** The active speaker's video, or anyone's when theirs is not on screen (your own is never floated). */
function speakerVideo(spotlight: ReturnType<typeof spotlightFor>): HTMLVideoElement | null {
  const speaker = spotlight && `video[data-participant-id="${CSS.escape(spotlight.participantId)}"][data-source="${spotlight.source}"]`;
  return (speaker && document.querySelector<HTMLVideoElement>(speaker)) || document.querySelector<HTMLVideoElement>('.stage video[data-participant-id]');
}

/**
 * "More": the actions that do not fit the bar. Arrow keys, Home and End move between its
 * items; Escape or choosing an item closes it and puts focus back on "More".
 */
function MoreMenu(props: { actions: Action[] }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const items = () => [...(root.current?.querySelectorAll<HTMLButtonElement>('.menu button') ?? [])].filter((b) => b.offsetParent !== null);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) toggle.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) close(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      close(true);
    };
    addEventListener('pointerdown', outside);
    addEventListener('keydown', escape);
    return () => {
      removeEventListener('pointerdown', outside);
      removeEventListener('keydown', escape);
    };
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return;
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      event.key === 'ArrowDown' ? (at + 1) % list.length
      : event.key === 'ArrowUp' ? (at <= 0 ? list.length - 1 : at - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? list.length - 1
      : null;
    if (next === null || list.length === 0) return;
    event.preventDefault();
    list[next]?.focus();
  };

  return (
    <div class="more" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        class="control"
        aria-label={t('controls.more')}
        aria-expanded={open}
        aria-controls="more-menu"
        title={t('controls.more')}
        onClick={() => setOpen(!open)}
      >
        <Icon name="more" />
        <span class="control-label" aria-hidden="true">
          {t('controls.more')}
        </span>
      </button>
      {open && (
        <div class="menu" id="more-menu">
          {props.actions.map((action) => (
            <button
              key={action.id}
              type="button"
              class={action.place === 'wide' ? 'narrow-only' : undefined}
              aria-pressed={action.pressed}
              onClick={() => {
                close(true);
                action.onClick();
              }}
            >
              <Icon name={action.icon} />
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
