import { useEffect, useRef, useState } from 'preact/hooks';
import type { ParticipantView, VideoSource } from '@moot/protocol';
import { bySpeech, tileOrder } from './view.ts';

/** One video in the speaker view: whose, and which of their sources. */
export interface Shown {
  participantId: string;
  source: VideoSource;
}

/**
 * How long the large tile keeps a speaker before it may move to the next: a short "mm" or a
 * cough must not flip the layout (and the server's layer choice) back and forth.
 */
const HOLD_MS = 2000;

/** Who belongs in the large tile now: a screen share always, else the latest other speaker. */
export function spotlightFor(people: ParticipantView[], selfId: string | null): Shown | null {
  const sharer = people.find((p) => p.screenSharing && p.id !== selfId);
  if (sharer) return { participantId: sharer.id, source: 'screen' };
  // Alone in the meeting, you see yourself large rather than an empty stage.
  const person = bySpeech(people.filter((p) => p.id !== selfId))[0] ?? people[0];
  return person ? { participantId: person.id, source: 'camera' } : null;
}

/**
 * The small tiles beside the large one, at most `size`: your camera and your screen, the
 * others' screens, then cameras (the latest speakers first when not everyone fits).
 */
export function filmstripFor(people: ParticipantView[], selfId: string | null, selfSharing: boolean, spotlight: Shown | null, size: number): Shown[] {
  const self = people.find((p) => p.id === selfId);
  const cameras = tileOrder(people, selfId, size + 1).filter((p) => p !== self);
  const items: Shown[] = [
    ...(self ? [{ participantId: self.id, source: 'camera' as const }] : []),
    ...(self && selfSharing ? [{ participantId: self.id, source: 'screen' as const }] : []),
    ...people.filter((p) => p.screenSharing && p !== self).map((p) => ({ participantId: p.id, source: 'screen' as const })),
    ...cameras.map((p) => ({ participantId: p.id, source: 'camera' as const })),
  ];
  return items.filter((item) => !sameShown(item, spotlight)).slice(0, size);
}

export function sameShown(a: Shown | null, b: Shown | null): boolean {
  return a?.participantId === b?.participantId && a?.source === b?.source;
}

/** Whether a large tile can still show this: the person is here and, for a screen, still sharing. */
function available(shown: Shown, people: ParticipantView[]): boolean {
  const person = people.find((p) => p.id === shown.participantId);
  return person !== undefined && (shown.source === 'camera' || person.screenSharing);
}

/**
 * The large tile's content, changed at most once per HOLD_MS. A new screen share, or a
 * speaker who left or stopped sharing, changes it at once: holding those would show nothing.
 */
export function useSteadySpotlight(wanted: Shown | null, people: ParticipantView[]): Shown | null {
  const [shown, setShown] = useState(wanted);
  const since = useRef(Date.now());
  const urgent = shown === null || !available(shown, people) || wanted?.source === 'screen';
  const same = sameShown(wanted, shown);
  useEffect(() => {
    if (same) return;
    const timer = setTimeout(
      () => {
        since.current = Date.now();
        setShown(wanted);
      },
      urgent ? 0 : Math.max(0, since.current + HOLD_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [wanted?.participantId, wanted?.source, same, urgent]);
  return urgent ? wanted : shown;
}
