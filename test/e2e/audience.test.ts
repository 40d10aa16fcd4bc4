// The audience of a big meeting: in a room whose people join as audience, a guest's Chromium
// receives the meeting's program (the moderator's camera and her tone, through a real Janus
// Streaming mountpoint fed by the mix and the camera's forwarder) over one PeerConnection,
// appears in the moderator's participant list, chats both ways, and holds no seat in the
// AudioBridge mix (counted through Janus's own API).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { joinAsGuest, joinAsMember, participantId, signIn } from '../helpers/browser.ts';
import { JanusProbe, janusToken } from '../helpers/janus.ts';
import { inboundRtp, type RtpStat } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { hearsTone, toneMicrophone } from '../helpers/tone.ts';
import { waitFor } from '../helpers/wait.ts';

/** The moderator's microphone plays this tone. */
const TONE_HZ = 523;

const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;

const cast = castOf(suite, { olga: 'Olga Owner' }, { name: 'All-hands', owner: 'olga', audience: true });

/** Seats in the meeting's AudioBridge mixes, as Janus itself counts them. */
async function mixerSeats(moot: Moot): Promise<number> {
  const config = readFileSync(join(moot.dataDir, 'janus', 'janus.plugin.audiobridge.jcfg'), 'utf8');
  const adminKey = /admin_key\s*=\s*"([^"]*)"/.exec(config)?.[1];
  const probe = await JanusProbe.connect(moot.janusWsPort, janusToken(moot.dataDir));
  try {
    const handle = await probe.attach('janus.plugin.audiobridge');
    const data = await handle.message({ request: 'list', admin_key: adminKey });
    await probe.call({ janus: 'destroy', session_id: handle.session_id });
    assert.ok(Array.isArray(data.list), `AudioBridge list: ${JSON.stringify(data)}`);
    return (data.list as { num_participants: number }[]).reduce((sum, r) => sum + r.num_participants, 0);
  } finally {
    probe.close();
  }
}

/** The page's inbound streams of one kind, summed: bytes and decoded frames. */
async function received(page: Page, kind: 'audio' | 'video'): Promise<{ bytes: number; frames: number }> {
  const stats = (await inboundRtp(page)).filter((s: RtpStat) => s.kind === kind);
  return { bytes: stats.reduce((n, s) => n + s.bytesReceived, 0), frames: stats.reduce((n, s) => n + s.framesDecoded, 0) };
}

async function growing(page: Page, kind: 'audio' | 'video'): Promise<void> {
  const first = await received(page, kind);
  await waitFor(
    async () => {
      const now = await received(page, kind);
      return now.bytes > first.bytes + 5000 && (kind === 'audio' || now.frames > first.frames + 10);
    },
    { timeoutMs: 30_000, intervalMs: 500, message: `${kind} arriving on the audience page (first ${JSON.stringify(first)})` },
  );
}

function openConnections(page: Page): Promise<number> {
  return page.evaluate(() => ((window as unknown as { __testPeerConnections?: RTCPeerConnection[] }).__testPeerConnections ?? []).filter((pc) => pc.signalingState !== 'closed').length);
}

async function chatHas(page: Page, text: string): Promise<void> {
  await waitFor(async () => (await page.getByRole('log', { name: 'Chat' }).textContent())?.includes(text) ?? false, { timeoutMs: 15_000, message: `chat "${text}" on ${page.url()}` });
}

test('a guest in the audience receives the program with the moderator’s picture and tone, is listed, chats, and takes no seat in the mix', { timeout: 240_000 }, async (t) => {
  const { moot, olga, room } = cast;
  const moderator = await browsers.newParticipant(`Olga (moderator, seated, ${TONE_HZ} Hz tone)`);
  await moderator.context.addInitScript(toneMicrophone(TONE_HZ));
  await signIn(moderator.page, moot.url, olga.email, olga.password);
  await joinAsMember(moderator.page, moot.url, room.id);
  await waitFor(async () => (await mixerSeats(moot)) === 1, { timeoutMs: 20_000, message: 'the moderator’s seat in the mix' });

  const guest = await browsers.newParticipant('Gus (guest, audience)');
  const page = guest.page;
  const joinedAt = Date.now();
  await joinAsGuest(page, moot.url, room.id, 'Gus Guest');
  await page.getByRole('region', { name: 'Program' }).waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Raise hand' }).waitFor({ state: 'visible' });
  assert.equal(await page.getByRole('button', { name: /^(Unmute|Mute) microphone$/ }).count(), 0, 'the audience has no microphone button');
  assert.equal(await page.getByRole('button', { name: 'Start camera' }).count(), 0, 'the audience has no camera button');

  await growing(page, 'video');
  await growing(page, 'audio');
  t.diagnostic(`program picture and sound seen growing ${Date.now() - joinedAt} ms after the guest pressed Join`);
  const peak = await hearsTone(page, TONE_HZ, 'the audience page');
  t.diagnostic(`the audience page hears a peak at ${peak.toFixed(1)} Hz`);
  assert.equal(await openConnections(page), 1, 'the audience holds one PeerConnection: the program');
  assert.equal(await mixerSeats(moot), 1, 'the mix holds the moderator only: the audience takes no seat');

  // In the moderator's list, and chatting both ways.
  await participantId(moderator.page, 'Gus Guest');
  await page.getByRole('textbox', { name: 'Message' }).fill('Hello from the audience');
  await page.getByRole('button', { name: 'Send' }).click();
  await chatHas(moderator.page, 'Hello from the audience');
  await moderator.page.getByRole('textbox', { name: 'Message' }).fill('Welcome, audience');
  await moderator.page.getByRole('button', { name: 'Send' }).click();
  await chatHas(page, 'Welcome, audience');
});
