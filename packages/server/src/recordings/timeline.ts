/**
 * What happened during a recorded meeting, and the video cut it leads to: the screen share
 * while there is one, otherwise the slide page shown, otherwise the camera of whoever spoke last,
 * otherwise the first camera. Pure functions, so the choice of picture is tested without Janus.
 */
import type { ShownSlide } from '../meetings/meeting.ts';

export type VideoSource = 'camera' | 'screen';

export interface TrackNote {
  /** Janus writes `<base>-audio-<m>.mjr` and `<base>-video-<m>.mjr` for it. */
  base: string;
  participantId: string;
  name: string;
  source: string;
}

export type TimelineEvent =
  | { at: number; kind: 'start' | 'stop'; track: number }
  | { at: number; kind: 'speaking'; participantId: string }
  | { at: number; kind: 'slide'; slide: ShownSlide | null };

export interface Segment {
  /** Milliseconds from the start of the recording. */
  from: number;
  to: number;
  /** Index into the tracks; null: nothing to show (black), or the slide. */
  track: number | null;
  /** The slide page shown instead of a camera. */
  slide?: ShownSlide;
}

type Picture = Pick<Segment, 'track' | 'slide'>;

const samePicture = (a: Picture, b: Picture) => a.track === b.track && a.slide?.deckId === b.slide?.deckId && a.slide?.page === b.slide?.page;

const isVideo = (source: string): source is VideoSource => source === 'camera' || source === 'screen';

export function cut(tracks: TrackNote[], events: TimelineEvent[], durationMs: number): Segment[] {
  const live = new Set<number>();
  let speaker: string | undefined;
  let slide: ShownSlide | null = null;
  const choose = (): Picture => {
    const running = [...live].filter((t) => isVideo(tracks[t]!.source));
    const screens = running.filter((t) => tracks[t]!.source === 'screen');
    if (screens.length) return { track: screens[screens.length - 1]! };
    if (slide) return { track: null, slide };
    const cameras = running.filter((t) => tracks[t]!.source === 'camera');
    return { track: cameras.find((t) => tracks[t]!.participantId === speaker) ?? cameras[0] ?? null };
  };
  const segments: Segment[] = [];
  let current: Segment = { from: 0, to: durationMs, track: null };
  for (const event of [...events].sort((a, b) => a.at - b.at)) {
    if (event.kind === 'start') live.add(event.track);
    else if (event.kind === 'stop') live.delete(event.track);
    else if (event.kind === 'speaking') speaker = event.participantId;
    else if (event.kind === 'slide') slide = event.slide;
    const picture = choose();
    if (samePicture(picture, current)) continue;
    const at = Math.min(Math.max(event.at, current.from), durationMs);
    if (at > current.from) segments.push({ ...current, to: at });
    current = { from: at, to: durationMs, ...picture };
  }
  if (current.to > current.from) segments.push(current);
  return segments;
}

/** A stretch of time in which a track's media runs, in milliseconds from the start of the recording. */
export interface Sent {
  from: number;
  to: number;
}

/**
 * The timeline as the picture can follow it: a camera or screen share is on only while it was
 * both published and sending (a camera turned off for a while leaves a gap; one never turned on
 * is never on). Other events pass unchanged.
 */
export function onlyWhileSent(tracks: TrackNote[], events: TimelineEvent[], sent: Map<number, Sent[]>): TimelineEvent[] {
  const result: TimelineEvent[] = [];
  const published = new Map<number, Sent[]>();
  for (const event of [...events].sort((a, b) => a.at - b.at)) {
    if ((event.kind !== 'start' && event.kind !== 'stop') || !isVideo(tracks[event.track]?.source ?? '')) {
      result.push(event);
      continue;
    }
    const spans = published.get(event.track) ?? [];
    published.set(event.track, spans);
    const open = spans.at(-1);
    if (event.kind === 'start' && (!open || Number.isFinite(open.to))) spans.push({ from: event.at, to: Infinity });
    if (event.kind === 'stop' && open && !Number.isFinite(open.to)) open.to = event.at;
  }
  for (const [track, spans] of published) {
    for (const p of spans) {
      for (const s of sent.get(track) ?? []) {
        const from = Math.max(p.from, s.from);
        const to = Math.min(p.to, s.to);
        if (from >= to) continue;
        result.push({ at: from, kind: 'start', track });
        if (Number.isFinite(to)) result.push({ at: to, kind: 'stop', track });
      }
    }
  }
  return result;
}

/** Who spoke when, one entry per change of speaker: the recording's index. */
export function speakers(tracks: TrackNote[], events: TimelineEvent[]): { at: number; name: string }[] {
  const names = new Map(tracks.map((t) => [t.participantId, t.name]));
  const index: { at: number; name: string }[] = [];
  let last: string | undefined;
  for (const event of events) {
    if (event.kind !== 'speaking' || event.participantId === last) continue;
    last = event.participantId;
    index.push({ at: event.at, name: names.get(event.participantId) ?? 'someone' });
  }
  return index;
}
