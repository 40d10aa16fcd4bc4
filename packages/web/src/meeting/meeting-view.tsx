import { useCallback, useEffect, useState } from 'preact/hooks';
import { offerMeetingControls, showDeviceState } from '../app-shell/media-session.ts';
import { keepScreenOn } from '../app-shell/wake-lock.ts';
import { t } from '../i18n/index.ts';
import { Icon } from '../ui/icons.tsx';
import { Announcements } from './announcements.tsx';
import { Chat } from './chat.tsx';
import { Controls, type Panel } from './controls.tsx';
import { Lobby, ParticipantList } from './participants.tsx';
import { usePushToTalk } from './push-to-talk.ts';
import { RecordingNotice } from './recording-notice.tsx';
import type { MeetingSession } from './session.ts';
import { SettingsDialog } from './settings.tsx';
import { ShortcutsDialog, useShortcuts, type ShortcutAction } from './shortcuts.tsx';
import { Tiles, type Layout } from './tiles.tsx';
import { SlidesArea } from '../slides/lazy.tsx';
import { lazyComponent } from '../ui/lazy.tsx';
import { LazyNotes, LazyWhiteboard } from '../collab/lazy.tsx';
import { StageTimer } from '../stage/timer.tsx';

const PollCard = lazyComponent(() => import('../polls/poll-card.tsx').then((m) => m.PollCard));
const StageCard = lazyComponent(() => import('../stage/stage-card.tsx').then((m) => m.StageCard));
const BreakoutCard = lazyComponent(() => import('../breakouts/breakout-card.tsx').then((m) => m.BreakoutCard));
const ProgramView = lazyComponent(() => import('../audience/program-view.tsx').then((m) => m.ProgramView));

/** Focuses the tiles directly: the fragment alone would not move the focus in every browser. */
function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById('meeting-main')?.focus();
}

const micIsOn = (session: MeetingSession) => session.local.micOn.value && session.local.audioTrack.value !== null;
const cameraIsOn = (session: MeetingSession) => session.local.videoTrack.value !== null;

/**
 * The device around the meeting: the screen stays on, and the lock screen or media keys can mute,
 * stop the camera and hang up, where the browser offers those.
 */
function useMeetingOnDevice(session: MeetingSession): void {
  const micOn = micIsOn(session);
  const cameraOn = cameraIsOn(session);
  useEffect(() => keepScreenOn(), []);
  useEffect(
    () =>
      offerMeetingControls(session.roomName.value, {
        toggleMicrophone: () => void session.setMic(!micIsOn(session)),
        toggleCamera: () => void session.setCamera(!cameraIsOn(session)),
        hangUp: () => session.leave(),
      }),
    [session],
  );
  useEffect(() => showDeviceState(micOn, cameraOn), [micOn, cameraOn]);
}

export function MeetingView(props: { session: MeetingSession }) {
  const { session } = props;
  const { roster, local } = session;
  const [panel, setPanel] = useState<Panel>(null);
  // The grid is the default: everyone equal until the person asks for the speaker.
  const [layout, setLayout] = useState<Layout>('grid');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [slidesOpen, setSlidesOpen] = useState(false);
  const [boardOpen, setBoardOpen] = useState(false);
  const openBoard = (open: boolean) => {
    setBoardOpen(open);
    // On a phone a side panel covers the screen: the board comes to the front instead.
    if (open && matchMedia('(max-width: 899px)').matches) setPanel(null);
  };
  const selfId = roster.selfId.value;
  const people = roster.ordered.value;
  const media = session.mediaState;
  const moderator = roster.self.value?.role === 'moderator';
  const waiting = session.lobby.value;
  const command = (message: Parameters<MeetingSession['command']>[0]) => session.command(message);
  usePushToTalk(session);
  useMeetingOnDevice(session);
  const shortcut = useCallback(
    (action: ShortcutAction) => {
      switch (action) {
        case 'mic':
          return void session.setMic(!micIsOn(session));
        case 'camera':
          return void session.setCamera(!cameraIsOn(session));
        case 'hand':
          return session.command({ type: 'hand', raised: session.roster.self.value?.handRaisedAt == null });
        case 'chat':
        case 'participants':
          setPanel(action);
          // After the panel is drawn: on a phone it was hidden until now.
          return requestAnimationFrame(() => document.getElementById(action === 'chat' ? 'chat-message' : 'participants-heading')?.focus());
        case 'help':
          return setShortcutsOpen(true);
      }
    },
    [session],
  );
  useShortcuts(shortcut);

  return (
    <div class="meeting">
      <a class="skip-link" href="#meeting-main" onClick={skipToMain}>
        {t('meeting.skip')}
      </a>
      <header class="meeting-bar">
        <h1>{session.roomName.value}</h1>
        <span class="count">{t('meeting.people', { count: people.length })}</span>
        {session.locked.value && (
          <span class="badge-dark">
            <Icon name="lock" /> {t('meeting.locked')}
          </span>
        )}
        {session.recording.value.active && (
          <span class="recording-indicator" role="status">
            {t('meeting.recording')}
          </span>
        )}
        {session.livestream.live.value && (
          <span class="recording-indicator" role="status">
            {t('meeting.live')}
          </span>
        )}
      </header>
      <StageTimer stage={session.stage} />
      {session.livestream.failing.value.map((failing) => (
        <p key={failing.name} class="banner" role="alert">
          {t('livestream.failing', { name: failing.name, seconds: failing.retryInSeconds })}
        </p>
      ))}
      {session.reconnecting.value && (
        <p class="banner" role="status">
          {t('meeting.reconnecting')}
        </p>
      )}
      {moderator && waiting.length > 0 && panel !== 'participants' && (
        <p class="banner lobby-banner" role="status">
          {waiting.length === 1 ? t('meeting.oneWaiting', { name: waiting[0]?.name ?? '' }) : t('meeting.manyWaiting', { count: waiting.length })}{' '}
          <button type="button" class="narrow-only" onClick={() => setPanel('participants')}>
            {t('meeting.show')}
          </button>
        </p>
      )}
      {session.unmuteAsk.value && (
        <div class="ask" role="alertdialog" aria-label={t('meeting.unmuteAskLabel')}>
          <p>{t('meeting.unmuteAsk', { name: session.unmuteAsk.value })}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void session.setMic(true)}>
              {t('meeting.unmuteMe')}
            </button>
            <button type="button" onClick={() => session.dismissUnmuteAsk()}>
              {t('meeting.stayMuted')}
            </button>
          </div>
        </div>
      )}
      <main class="tiles-area" id="meeting-main" tabIndex={-1}>
        <SlidesArea session={session} manage={slidesOpen} onCloseManager={() => setSlidesOpen(false)} />
        {session.inAudience ? (
          <ProgramView session={session} />
        ) : (
          <Tiles
            layout={layout}
            people={session.stage.visible(session.breakouts.sameRoom(people, selfId), selfId)}
            selfId={selfId}
            remote={media?.remoteTracks.value ?? []}
            mix={media?.mix.value ?? null}
            speakerId={local.speakerId.value}
            selfCamera={local.videoTrack.value}
            selfScreen={media?.screenTrack.value ?? null}
            audioOnly={session.audioOnly.value}
            degraded={new Set(session.layers.value.map((layer) => layer.participantId))}
            onView={(tiles) => session.reportView(tiles)}
          />
        )}
        {boardOpen && <LazyWhiteboard session={session} page={session.slides.pageId.value} onClose={() => setBoardOpen(false)} />}
      </main>
      <aside class={panel ? `sidebar open-${panel}` : 'sidebar'}>
        <section class="panel panel-participants" aria-labelledby="participants-heading">
          <header>
            <h2 id="participants-heading" tabIndex={-1}>{t('meeting.peopleHeading', { count: people.length })}</h2>
            <button type="button" class="close" aria-label={t('action.close')} onClick={() => setPanel(null)}>
              <Icon name="close" />
            </button>
          </header>
          {moderator && <Lobby waiting={waiting} decide={command} />}
          <ParticipantList people={people} selfId={selfId} placeOf={(id) => session.stage.placeOf(id)} {...(moderator ? { moderate: command } : {})} />
        </section>
        <section class="panel panel-chat" aria-labelledby="chat-heading">
          <header>
            <h2 id="chat-heading">{t('meeting.messages')}</h2>
            <button type="button" class="close" aria-label={t('action.close')} onClick={() => setPanel(null)}>
              <Icon name="close" />
            </button>
          </header>
          <Chat messages={roster.chat.value} selfId={selfId} onSend={(text) => session.sendChat(text)} onSeen={() => session.markChatRead()} />
        </section>
        {panel === 'notes' && <LazyNotes session={session} onClose={() => setPanel(null)} />}
      </aside>
      <Controls session={session} panel={panel} onPanel={setPanel} layout={layout} onLayout={setLayout} onSettings={() => setSettingsOpen(true)} onShortcuts={() => setShortcutsOpen(true)} onSlides={() => setSlidesOpen(!slidesOpen)} board={boardOpen} onBoard={openBoard} />
      {panel === 'stage' && <StageCard session={session} onClose={() => setPanel(null)} />}
      {(panel === 'poll' || session.polls.showing) && <PollCard session={session} onClose={() => panel === 'poll' && setPanel(null)} />}
      {(panel === 'breakouts' || session.breakouts.showing) && (
        <BreakoutCard
          session={session}
          onClose={() => {
            session.breakouts.hide();
            if (panel === 'breakouts') setPanel(null);
          }}
        />
      )}
      <RecordingNotice session={session} />
      <Announcements selfId={selfId} people={people} chat={roster.chat.value} />
      {settingsOpen && <SettingsDialog session={session} onClose={() => setSettingsOpen(false)} />}
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
    </div>
  );
}
