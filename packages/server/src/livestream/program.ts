import type { VideoSource } from '@moot/protocol';

/** What the program shows besides the mix: someone's camera or screen; nothing means the room's card. */
export interface ProgramVideo {
  participantId: string;
  source: VideoSource;
}

/** A person in the meeting as the program sees them. */
export interface ProgramCandidate {
  id: string;
  lastSpokeAt: string | null;
  /** Publishes a camera that is not turned off. */
  camera: boolean;
  screen: boolean;
}

const same = (a: ProgramVideo | undefined, b: ProgramVideo | undefined) => a?.participantId === b?.participantId && a?.source === b?.source;

/**
 * The shared screen when there is one (the current one stays while it lasts); otherwise the camera
 * of whoever spoke last (the current one while nobody with a camera has spoken since); otherwise none.
 */
export function chooseProgram(people: ProgramCandidate[], current: ProgramVideo | undefined): ProgramVideo | undefined {
  const screens = people.filter((p) => p.screen).map((p): ProgramVideo => ({ participantId: p.id, source: 'screen' }));
  if (screens.length) return screens.find((s) => same(s, current)) ?? screens[0];
  const cameras = people.filter((p) => p.camera);
  if (!cameras.length) return undefined;
  const spoke = (p: ProgramCandidate) => p.lastSpokeAt ?? '';
  const latest = cameras.reduce((best, p) => (spoke(p) > spoke(best) ? p : best));
  const kept = cameras.find((p) => p.id === current?.participantId && current.source === 'camera');
  const pick = kept && spoke(kept) >= spoke(latest) ? kept : latest;
  return { participantId: pick.id, source: 'camera' };
}

export function sameProgram(a: ProgramVideo | undefined, b: ProgramVideo | undefined): boolean {
  return same(a, b);
}
