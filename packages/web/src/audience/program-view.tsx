import { t } from '../i18n/index.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { TrackAudio, TrackVideo } from '../ui/video.tsx';
import './program.css';

/**
 * What a person in the audience sees instead of the tiles: the meeting's program, one picture
 * (the shared screen, the presenter's page, the person talking or the room's card) and the sound
 * of the meeting. Loaded only for the audience.
 */
export function ProgramView(props: { session: MeetingSession }) {
  const { session } = props;
  const stream = session.program.stream.value;
  const video = stream?.getVideoTracks()[0];
  const audio = stream?.getAudioTracks()[0];
  return (
    <section class="program" aria-label={t('audience.program')}>
      {video ? <TrackVideo track={video} class="program-video" aria-label={t('audience.program')} /> : <div class="program-video" />}
      {audio && <TrackAudio track={audio} sinkId={session.local.speakerId.value} />}
      <p class="program-note" role="status">
        {stream ? t('audience.watching') : t('audience.connecting')}
      </p>
    </section>
  );
}
