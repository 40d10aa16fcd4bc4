import type { ParticipantView } from '@moot/protocol';

/** A participant for unit tests: connected, silent, camera and microphone on, unless changed. */
export function person(id: string, change: Partial<ParticipantView> = {}): ParticipantView {
  return {
    id,
    name: id.toUpperCase(),
    role: 'participant',
    audioMuted: false,
    videoMuted: false,
    screenSharing: false,
    speaking: false,
    connected: true,
    lastSpokeAt: null,
    handRaisedAt: null,
    quality: 'good',
    phone: false,
    presenter: false,
    ...change,
  };
}

/** `seconds` after a fixed moment, as the server writes times. */
export function at(seconds: number): string {
  return new Date(Date.UTC(2026, 0, 1, 10, 0, seconds)).toISOString();
}
