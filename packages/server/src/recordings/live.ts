import type { ChatMessageView, Source } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Recordable } from '../media/driver.ts';
import type { MeetingRecording, ShownSlide } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import type { TimelineEvent, TrackNote } from './timeline.ts';

/** What a stopped recording hands on for processing (kept encrypted in the recording's notes). */
export interface LiveNotes {
  startedAtMs: number;
  durationMs: number;
  tracks: TrackNote[];
  events: TimelineEvent[];
  chat: ChatMessageView[];
}

interface Recorded {
  participantId: string;
  source: Source;
  stream: Recordable;
  track: number;
}

/**
 * A meeting being recorded: Janus writes each published stream (camera, screen, the
 * microphone's mixer seat) to its own .mjr file in the work dir, and this keeps the timeline of
 * who published, stopped and spoke when, plus the chat, for composing the file afterwards.
 */
export class LiveRecording implements MeetingRecording {
  readonly startedAtMs = Date.now();
  private tracks: TrackNote[] = [];
  private events: TimelineEvent[] = [];
  private chatLog: ChatMessageView[] = [];
  private recorded: Recorded[] = [];
  private stopped = false;

  constructor(
    readonly id: string,
    private workDir: string,
    private log: Logger,
    private onStopped: (notes: LiveNotes) => Promise<void>,
  ) {}

  private now(): number {
    return Date.now() - this.startedAtMs;
  }

  async added(participant: Participant, source: Source, stream: Recordable): Promise<void> {
    if (this.stopped) return;
    const track = this.tracks.length;
    const base = `t${track}`;
    this.tracks.push({ base, participantId: participant.id, name: participant.name, source });
    this.recorded.push({ participantId: participant.id, source, stream, track });
    // A refusal costs this stream its place in the recording, never the person their publishing.
    try {
      await stream.startRecording(`${this.workDir}/${base}`);
      this.events.push({ at: this.now(), kind: 'start', track });
    } catch (err) {
      this.log.warn({ err: (err as Error).message, recording: this.id, source }, 'janus would not record a stream');
    }
  }

  removed(participant: Participant, source?: Source): void {
    const gone = (r: Recorded) => r.participantId === participant.id && (source === undefined || r.source === source);
    for (const r of this.recorded.filter(gone)) this.events.push({ at: this.now(), kind: 'stop', track: r.track });
    this.recorded = this.recorded.filter((r) => !gone(r));
  }

  spoke(participant: Participant): void {
    this.events.push({ at: this.now(), kind: 'speaking', participantId: participant.id });
  }

  chat(message: ChatMessageView): void {
    this.chatLog.push(message);
  }

  slide(shown: ShownSlide | null): void {
    if (!this.stopped) this.events.push({ at: this.now(), kind: 'slide', slide: shown && { deckId: shown.deckId, page: shown.page } });
  }

  /** Closes every .mjr file (Janus finishes writing on `record: false`) and hands the notes on. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const durationMs = this.now();
    await Promise.allSettled(this.recorded.map((r) => r.stream.stopRecording()));
    await this.onStopped({ startedAtMs: this.startedAtMs, durationMs, tracks: this.tracks, events: this.events, chat: this.chatLog });
  }
}
