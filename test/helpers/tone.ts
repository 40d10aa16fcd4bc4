// A talker whose microphone plays one steady tone, and a listener's page that hears it.
import type { Page } from 'playwright-core';
import { mixPeakHz } from './mix-peak.ts';
import { waitFor } from './wait.ts';

/** An init script that makes the page's microphone a steady sine tone (the fake device only beeps). */
export function toneMicrophone(hz: number): string {
  return `(() => {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    if (!constraints || !constraints.audio) return stream;
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = ${hz};
    const destination = context.createMediaStreamDestination();
    oscillator.connect(destination);
    oscillator.start();
    for (const track of stream.getAudioTracks()) { stream.removeTrack(track); track.stop(); }
    stream.addTrack(destination.stream.getAudioTracks()[0]);
    return stream;
  };
})();`;
}

/** Waits until the sound the page plays is dominated by `hz`; returns the peak found. */
export async function hearsTone(page: Page, hz: number, who: string, timeoutMs = 30_000): Promise<number> {
  let heard = 0;
  return waitFor(async () => ((heard = await mixPeakHz(page)), Math.abs(heard - hz) < 30 ? heard : null), {
    timeoutMs,
    intervalMs: 500,
    message: `${who} hearing the ${hz} Hz tone (strongest now: ${heard} Hz)`,
  });
}
