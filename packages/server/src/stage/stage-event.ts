import { MAX_STAGE_TALKS, type ErrorCode, type StagePlace, type StageView, type TalkView } from '@moot/protocol';
import { randomId } from '../ids.ts';

/** The timer warns in the last minute of a talk. */
const WARN_SECONDS = 60;

/** Someone's place changed: the meeting applies it to their media. */
export interface PlaceChange {
  participantId: string;
  from: StagePlace;
  to: StagePlace;
}

/**
 * One meeting's stage event as plain state: who is on stage or backstage (everyone else is in
 * the audience), the queue of talks and the talk under way. Each change returns the places it
 * changed; applying them to media is the caller's job.
 */
export class StageEvent {
  /** Only stage and backstage are kept: the audience is everyone else, however many they are. */
  private places = new Map<string, Exclude<StagePlace, 'audience'>>();
  private queue: TalkView[] = [];
  private current: { talk: TalkView; startedAt: number } | undefined;

  constructor(
    public defaultSeconds: number,
    private now: () => number = Date.now,
  ) {}

  placeOf(participantId: string): StagePlace {
    return this.places.get(participantId) ?? 'audience';
  }

  isCurrentSpeaker(participantId: string): boolean {
    return this.current?.talk.participantId === participantId;
  }

  /**
   * Puts someone in a place. Bringing the next talk's speaker on stage starts that talk (the
   * one before ends), as "Pass the mic" would without sending anyone to the audience.
   */
  move(participantId: string, place: StagePlace): PlaceChange[] {
    const changes = this.set(participantId, place);
    if (place === 'stage' && this.queue[0]?.participantId === participantId) changes.push(...this.startNext());
    return changes;
  }

  add(participantId: string, name: string, title: string, seconds: number | undefined): ErrorCode | PlaceChange[] {
    if (this.queue.length >= MAX_STAGE_TALKS) return 'stage-queue-full';
    this.queue.push({ id: randomId(), participantId, name, title, seconds: seconds ?? this.defaultSeconds });
    return this.nextBackstage();
  }

  reorder(talkId: string, index: number): ErrorCode | PlaceChange[] {
    const at = this.queue.findIndex((t) => t.id === talkId);
    if (at < 0) return 'stage-talk-not-found';
    const [talk] = this.queue.splice(at, 1);
    this.queue.splice(Math.min(index, this.queue.length), 0, talk!);
    return this.nextBackstage();
  }

  remove(talkId: string): ErrorCode | PlaceChange[] {
    const at = this.queue.findIndex((t) => t.id === talkId);
    if (at < 0) return 'stage-talk-not-found';
    this.queue.splice(at, 1);
    return this.nextBackstage();
  }

  /** The current speaker to the audience, the next talk's speaker on stage with a fresh timer, the one after backstage. */
  passMic(): PlaceChange[] {
    const changes: PlaceChange[] = [];
    const speaker = this.current?.talk.participantId;
    this.current = undefined;
    if (speaker !== undefined && this.queue[0]?.participantId !== speaker) changes.push(...this.set(speaker, 'audience'));
    changes.push(...this.startNext());
    return changes;
  }

  /** A member left the meeting: out of every place and the queue (the talk under way keeps its timer). Returns whether that changed anything. */
  left(participantId: string): boolean {
    const queued = this.queue.length;
    this.queue = this.queue.filter((t) => t.participantId !== participantId);
    return this.places.delete(participantId) || this.queue.length !== queued;
  }

  view(): StageView {
    const on = (place: StagePlace) => [...this.places].filter(([, p]) => p === place).map(([id]) => id);
    const current = this.current && { ...this.current.talk, elapsed: Math.floor((this.now() - this.current.startedAt) / 1000) };
    return {
      stage: on('stage'),
      backstage: on('backstage'),
      queue: this.queue.map((t) => ({ ...t })),
      current: current ?? null,
      warnSeconds: WARN_SECONDS,
      defaultSeconds: this.defaultSeconds,
    };
  }

  private set(participantId: string, place: StagePlace): PlaceChange[] {
    const from = this.placeOf(participantId);
    if (from === place) return [];
    if (place === 'audience') this.places.delete(participantId);
    else this.places.set(participantId, place);
    return [{ participantId, from, to: place }];
  }

  private startNext(): PlaceChange[] {
    const next = this.queue.shift();
    if (!next) return [];
    this.current = { talk: next, startedAt: this.now() };
    return [...this.set(next.participantId, 'stage'), ...this.nextBackstage()];
  }

  /** The next speaker waits backstage, unless they are on stage already. */
  private nextBackstage(): PlaceChange[] {
    const next = this.queue[0];
    if (!next || this.placeOf(next.participantId) !== 'audience') return [];
    return this.set(next.participantId, 'backstage');
  }
}
