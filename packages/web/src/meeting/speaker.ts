import { useEffect, useRef, useState } from 'preact/hooks';
import type { ParticipantView } from '@moot/protocol';
import { bySpeech, sameShown, tileOrder, type Shown } from './view.ts';

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

/** Whether a large tile can still show this: the person is here and, for a screen, still sharing. */
function available(shown: Shown, people: ParticipantView[]): boolean {
  const person = people.find((p) => p.id === shown.participantId);
  return person !== undefined && (shown.source === 'camera' || person.screenSharing);
}

/** What the large tile shows and since when. */
export interface Held {
  shown: Shown | null;
  since: number;
}

/**
 * The large tile's content at `now`, changed at most once per HOLD_MS. A new screen share, or
 * a speaker who left or stopped sharing, changes it at once: holding those would show nothing.
 * `recheckIn` says when a change held back may happen (null when none waits).
 */
export function holdSpotlight(held: Held, wanted: Shown | null, people: ParticipantView[], now: number): { held: Held; recheckIn: number | null } {
  if (sameShown(wanted, held.shown)) return { held, recheckIn: null };
  const urgent = held.shown === null || !available(held.shown, people) || wanted?.source === 'screen';
  const wait = urgent ? 0 : held.since + HOLD_MS - now;
  return wait <= 0 ? { held: { shown: wanted, since: now }, recheckIn: null } : { held, recheckIn: wait };
}

/** holdSpotlight for a view: renders again when a held-back change is due. */
export function useSteadySpotlight(wanted: Shown | null, people: ParticipantView[]): Shown | null {
  const held = useRef<Held>({ shown: wanted, since: Date.now() });
  const [, setTick] = useState(0);
  const { held: next, recheckIn } = holdSpotlight(held.current, wanted, people, Date.now());
  held.current = next;
  useEffect(() => {
    if (recheckIn === null) return;
    const timer = setTimeout(() => setTick((tick) => tick + 1), recheckIn);
    return () => clearTimeout(timer);
  });
  return next.shown;
}
