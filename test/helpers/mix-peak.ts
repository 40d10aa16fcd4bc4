// The pitch a page hears: which tone dominates the meeting's mix it plays.
import type { Page } from 'playwright-core';

/** The strongest frequency in the audio mix the page plays, over about a second. */
export function mixPeakHz(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const element = [...document.querySelectorAll('audio, video')].find(
      (e) => (e as HTMLMediaElement).srcObject instanceof MediaStream && ((e as HTMLMediaElement).srcObject as MediaStream).getAudioTracks().some((t) => t.readyState === 'live'),
    ) as HTMLMediaElement | undefined;
    if (!element) return 0;
    const track = (element.srcObject as MediaStream).getAudioTracks()[0]!;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    await new Promise((r) => setTimeout(r, 1200));
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 1;
    for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
    const hz = (best * context.sampleRate) / analyser.fftSize;
    await context.close();
    return hz;
  }, undefined);
}
