import { useState } from 'preact/hooks';
import { Icon } from '../ui/icons.tsx';
import { Chat } from './chat.tsx';
import { Controls, type Panel } from './controls.tsx';
import { ParticipantList } from './participants.tsx';
import type { MeetingSession } from './session.ts';
import { Tiles } from './tiles.tsx';

export function MeetingView(props: { session: MeetingSession }) {
  const { session } = props;
  const { roster, local } = session;
  const [panel, setPanel] = useState<Panel>(null);
  const selfId = roster.selfId.value;
  const people = roster.ordered.value;
  const media = session.mediaState;

  return (
    <div class="meeting">
      <header class="meeting-bar">
        <h1>{session.roomName.value}</h1>
        <span class="count">{people.length === 1 ? '1 person' : `${people.length} people`}</span>
      </header>
      {session.reconnecting.value && (
        <p class="banner" role="status">
          Reconnecting…
        </p>
      )}
      <main class="tiles-area">
        <Tiles
          people={people}
          selfId={selfId}
          remote={media?.remoteTracks.value ?? []}
          selfCamera={local.videoTrack.value}
          selfScreen={media?.screenTrack.value ?? null}
        />
      </main>
      <aside class={panel ? `sidebar open-${panel}` : 'sidebar'}>
        <section class="panel panel-participants" aria-labelledby="participants-heading">
          <header>
            <h2 id="participants-heading">People ({people.length})</h2>
            <button type="button" class="close" aria-label="Close" onClick={() => setPanel(null)}>
              <Icon name="close" />
            </button>
          </header>
          <ParticipantList people={people} selfId={selfId} />
        </section>
        <section class="panel panel-chat" aria-labelledby="chat-heading">
          <header>
            <h2 id="chat-heading">Messages</h2>
            <button type="button" class="close" aria-label="Close" onClick={() => setPanel(null)}>
              <Icon name="close" />
            </button>
          </header>
          <Chat messages={roster.chat.value} selfId={selfId} onSend={(text) => session.sendChat(text)} />
        </section>
      </aside>
      <Controls session={session} panel={panel} onPanel={setPanel} />
    </div>
  );
}
