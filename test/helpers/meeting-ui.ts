// Small helpers for browser tests that drive the meeting UI by its accessible names and read
// the page's RTCPeerConnection statistics (recorded by the init script in browser.ts).
import type { Locator, Page } from 'playwright-core';
import type { OpenStats, StatsPage } from './browser.ts';
import { waitFor } from './wait.ts';

/** The entry of participant `id` in the participant list. */
export function participantItem(page: Page, id: string): Locator {
  return page.locator(`ul[aria-label="Participants"] > li[data-participant-id="${id}"]`);
}

/** Waits for the microphone state icon of participant `id` in `page`'s participant list. */
export async function waitForMicIcon(page: Page, id: string, state: 'Microphone muted' | 'Microphone on'): Promise<void> {
  await participantItem(page, id).getByRole('img', { name: state, exact: true }).waitFor({ timeout: 15_000 });
}

/** Turns the microphone on or off with the control bar's button and waits for the button to flip. */
export async function setMic(page: Page, on: boolean): Promise<void> {
  const current = page.getByRole('button', { name: on ? 'Unmute microphone' : 'Mute microphone', exact: true });
  const next = page.getByRole('button', { name: on ? 'Mute microphone' : 'Unmute microphone', exact: true });
  if (await next.isVisible()) return;
  await current.click();
  await next.waitFor({ timeout: 10_000 });
}

/** Opens "More" in the control bar and clicks the menu item `name`. */
export async function chooseFromMore(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'More', exact: true }).click();
  await page.getByRole('button', { name, exact: true }).click();
}

/**
 * A moderator's action on someone from the participant list: opens "Actions for <name>" and
 * clicks `action` ("Mute", "Lower hand", "Remove", …). Removal is confirmed in its dialog.
 */
export async function moderateFromList(page: Page, name: string, action: string): Promise<void> {
  const toggle = page.getByRole('button', { name: `Actions for ${name}`, exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const item = page.locator('ul[aria-label="Participants"] > li').filter({ has: toggle });
  await item.getByRole('button', { name: action, exact: true }).click();
  if (action === 'Remove') await confirmDialog(page, `Remove ${name} from the meeting?`, 'Remove');
}

/** Answers the app's confirmation dialog titled `title` with its button `answer`. */
export async function confirmDialog(page: Page, title: string, answer: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title, exact: true });
  await dialog.getByRole('button', { name: answer, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** A moderator ends the meeting for everyone with the control bar's button and its confirmation. */
export async function endMeetingForAll(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'End meeting for all', exact: true }).click();
  await confirmDialog(page, 'End the meeting for everyone?', 'End meeting');
}

export interface RtpStat {
  /** pcIndex/stat id: stable for one stream on one PeerConnection. */
  key: string;
  pcIndex: number;
  kind: 'audio' | 'video';
  trackId: string;
  bytesReceived: number;
  frameHeight: number;
  framesDecoded: number;
  audioLevel: number;
  totalAudioEnergy: number;
  totalSamplesDuration: number;
}

/** Every inbound-rtp report of every open PeerConnection of the page. */
export async function inboundRtp(page: StatsPage): Promise<RtpStat[]> {
  return page.evaluate(async () => {
    const out: RtpStat[] = [];
    for (const { pcIndex, report } of await (window as unknown as { __testOpenStats: OpenStats }).__testOpenStats()) {
      for (const stat of report.values()) {
        if (stat.type !== 'inbound-rtp') continue;
        out.push({
          key: `${pcIndex}/${stat.id}`,
          pcIndex,
          kind: stat.kind,
          trackId: String(stat.trackIdentifier ?? ''),
          bytesReceived: Number(stat.bytesReceived ?? 0),
          frameHeight: Number(stat.frameHeight ?? 0),
          framesDecoded: Number(stat.framesDecoded ?? 0),
          audioLevel: Number(stat.audioLevel ?? 0),
          totalAudioEnergy: Number(stat.totalAudioEnergy ?? 0),
          totalSamplesDuration: Number(stat.totalSamplesDuration ?? 0),
        });
      }
    }
    return out;
  }, undefined);
}

/** The id of the live video track the page shows for participant `id`'s camera, if any. */
export async function cameraTrackOf(page: StatsPage, id: string): Promise<string | null> {
  return page.evaluate((id) => {
    const video = document.querySelector(`video[data-participant-id="${CSS.escape(id)}"][data-source="camera"]`) as HTMLVideoElement | null;
    const stream = video?.srcObject;
    if (!(stream instanceof MediaStream)) return null;
    return stream.getVideoTracks().find((t) => t.readyState === 'live')?.id ?? null;
  }, id);
}

/** Height in CSS pixels of the camera tile the page shows for participant `id` (0 when none). */
export async function tileHeight(page: StatsPage, id: string): Promise<number> {
  return page.evaluate((id) => {
    const video = document.querySelector(`video[data-participant-id="${CSS.escape(id)}"][data-source="camera"]`);
    return video?.closest('figure')?.clientHeight ?? 0;
  }, id);
}

export interface SentLayer {
  rid: string;
  frameHeight: number;
  bytesSent: number;
}

/** The camera's simulcast layers as the sending page encodes them now (outbound-rtp by rid). */
export async function sentCameraLayers(page: StatsPage): Promise<Record<string, SentLayer>> {
  return page.evaluate(async () => {
    const layers: Record<string, SentLayer> = {};
    for (const { report } of await (window as unknown as { __testOpenStats: OpenStats }).__testOpenStats()) {
      report.forEach((stat) => {
        if (stat.type === 'outbound-rtp' && stat.kind === 'video' && stat.rid) {
          layers[stat.rid] = { rid: stat.rid, frameHeight: Number(stat.frameHeight ?? 0), bytesSent: Number(stat.bytesSent ?? 0) };
        }
      });
    }
    return layers;
  }, undefined);
}

/**
 * Waits until `page` receives participant `id`'s camera decoded at a height that satisfies
 * `accept` (given the received height and the heights of the sender's layers now). Returns the
 * received height and the sender's layers at that moment.
 */
export async function waitForReceivedHeight(
  viewer: StatsPage,
  sender: StatsPage,
  id: string,
  accept: (height: number, layers: Record<string, SentLayer>) => boolean,
  message: string,
  timeoutMs = 30_000,
): Promise<{ height: number; layers: Record<string, SentLayer> }> {
  let last: unknown;
  let previousFrames = -1;
  return waitFor(
    async () => {
      const track = await cameraTrackOf(viewer, id);
      const stat = (await inboundRtp(viewer)).find((s) => s.kind === 'video' && s.trackId === track);
      const layers = await sentCameraLayers(sender);
      const frames = stat?.framesDecoded ?? -1;
      const decoding = frames > previousFrames && previousFrames >= 0;
      previousFrames = frames;
      last = { track, height: stat?.frameHeight, framesDecoded: frames, layers };
      if (!stat || !decoding) return null;
      return accept(stat.frameHeight, layers) ? { height: stat.frameHeight, layers } : null;
    },
    { timeoutMs, intervalMs: 500, message },
  ).catch(() => {
    throw new Error(`${message}: not within ${timeoutMs} ms; last reading ${JSON.stringify(last)}`);
  });
}
