import type { VideoSource } from '@moot/protocol';
import type { ShownSlide } from '../meetings/meeting.ts';
import type { MediaPlan } from '../meetings/media-plan.ts';
import type { Participant } from '../meetings/participant.ts';

/** What the program shows besides the mix: someone's camera or screen; nothing means the room's card. */
export interface ProgramVideo {
  participantId: string;
  source: VideoSource;
}

/** The presenter's page, shown instead of a camera while a presentation is shown. */
export interface ProgramSlide<S extends ShownSlide = ShownSlide> {
  slide: S;
}

/** A person in the meeting as the program sees them. */
export interface ProgramCandidate {
  id: string;
  /** Talking now (the mixer's voice activity). */
  speaking: boolean;
  lastSpokeAt: string | null;
  /** Publishes a camera that is not turned off. */
  camera: boolean;
  screen: boolean;
}

/** Members as the program sees them, with what each publishes on the media server now. */
export function candidatesOf(members: Participant[], media: Pick<MediaPlan, 'publisherOf'>): ProgramCandidate[] {
  return members.map((p) => ({
    id: p.id,
    speaking: p.speaking,
    lastSpokeAt: p.lastSpokeAt,
    camera: !p.videoMuted && media.publisherOf(p.id, 'camera') !== undefined,
    screen: media.publisherOf(p.id, 'screen') !== undefined,
  }));
}

const same = (a: ProgramVideo | undefined, b: ProgramVideo | undefined) => a?.participantId === b?.participantId && a?.source === b?.source;

/**
 * The shared screen when there is one (the current one stays while it lasts). Otherwise the
 * presenter's page while a presentation is shown, as in recordings. Otherwise a camera: the
 * current speaker's while they talk (someone talking over them does not take the picture), else
 * whoever of those talking started last, else the current one while nobody talks, else the
 * camera of whoever spoke last. Without any camera, none (the card).
 */
export function chooseProgram(people: ProgramCandidate[], current: ProgramVideo | undefined): ProgramVideo | undefined;
export function chooseProgram<S extends ShownSlide>(people: ProgramCandidate[], current: ProgramVideo | undefined, slide: S | undefined): ProgramVideo | ProgramSlide<S> | undefined;
export function chooseProgram<S extends ShownSlide>(people: ProgramCandidate[], current: ProgramVideo | undefined, slide?: S): ProgramVideo | ProgramSlide<S> | undefined {
  const screens = people.filter((p) => p.screen).map((p): ProgramVideo => ({ participantId: p.id, source: 'screen' }));
  if (screens.length) return screens.find((s) => same(s, current)) ?? screens[0];
  if (slide) return { slide };
  const cameras = people.filter((p) => p.camera);
  const kept = cameras.find((p) => current?.source === 'camera' && p.id === current.participantId);
  const talking = cameras.filter((p) => p.speaking);
  const pool = kept?.speaking ? [kept] : talking.length ? talking : kept ? [kept] : cameras;
  if (!pool.length) return undefined;
  const spoke = (p: ProgramCandidate) => p.lastSpokeAt ?? '';
  const pick = pool.reduce((best, p) => (spoke(p) > spoke(best) ? p : best));
  return { participantId: pick.id, source: 'camera' };
}

export function sameProgram(a: ProgramVideo | undefined, b: ProgramVideo | undefined): boolean {
  return same(a, b);
}

export function sameSlide(a: ShownSlide, b: ShownSlide): boolean {
  return a.deckId === b.deckId && a.page === b.page;
}
