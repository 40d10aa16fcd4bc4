import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { Chat } from '../meeting/chat.tsx';
import { Lobby, ParticipantList } from '../meeting/participants.tsx';
import type { MeetingSession } from '../meeting/session.ts';
import { StreamPlayer, type PlayerState } from './stream-player.ts';
import './listen.css';

/**
 * "Listen and chat": the meeting for a browser without WebRTC. The sound comes as one HTTP
 * stream; the participant list, raised hands and the chat work over the same signaling as
 * everyone's. Loaded only when someone chooses it.
 */
export function ListenView(props: { session: MeetingSession }) {
  const { session } = props;
  const { roster } = session;
  const audio = useRef<HTMLAudioElement>(null);
  const player = useRef<StreamPlayer | null>(null);
  const [state, setState] = useState<PlayerState>('connecting');

  useEffect(() => {
    const stream = new StreamPlayer(audio.current!, session, setState);
    player.current = stream;
    return () => stream.stop();
  }, [session]);

  const self = roster.self.value;
  const selfId = roster.selfId.value;
  const people = roster.ordered.value;
  const handUp = self?.handRaisedAt != null;
  const moderator = self?.role === 'moderator';

  return (
    <main class="page listen-page">
      <header class="listen-head">
        <h1>{session.roomName.value}</h1>
        <button type="button" class="danger" onClick={() => session.leave()}>
          {t('controls.leave')}
        </button>
      </header>
      <section aria-labelledby="listen-heading" class="card">
        <h2 id="listen-heading">{t('listen.soundHeading')}</h2>
        <audio ref={audio} aria-label={t('listen.soundHeading')} />
        <p role="status">{state === 'playing' ? t('listen.playing') : state === 'blocked' ? t('listen.blocked') : t('listen.connecting')}</p>
        {state === 'blocked' && (
          <button type="button" class="primary" onClick={() => player.current?.play()}>
            {t('listen.play')}
          </button>
        )}
        <button type="button" aria-pressed={handUp} onClick={() => session.command({ type: 'hand', raised: !handUp })}>
          {handUp ? t('controls.lowerHand') : t('controls.raiseHand')}
        </button>
      </section>
      <section aria-labelledby="listen-people-heading" class="card">
        <h2 id="listen-people-heading">{t('meeting.peopleHeading', { count: people.length })}</h2>
        {moderator && <Lobby waiting={session.lobby.value} decide={(m) => session.command(m)} />}
        <ParticipantList people={people} selfId={selfId} {...(moderator ? { moderate: (m) => session.command(m) } : {})} />
      </section>
      <section aria-labelledby="listen-chat-heading" class="card listen-chat">
        <h2 id="listen-chat-heading">{t('meeting.messages')}</h2>
        <Chat messages={roster.chat.value} selfId={selfId} onSend={(text) => session.sendChat(text)} onSeen={() => session.markChatRead()} />
      </section>
    </main>
  );
}
