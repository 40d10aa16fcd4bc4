// A member who mutes is no longer heard by listeners: a Chromium member's tone reaches a
// listener's Ogg stream (the mixer's forwarded mix, decoded as it arrives), the member clicks
// "Mute microphone", the page stops sending audio at all, and the listener's stream is silent
// within seconds, and stays so.
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { joinAsMember, signIn } from '../helpers/browser.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { ListenerEar } from '../helpers/listener-ear.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { toneMicrophone } from '../helpers/tone.ts';
import { waitFor } from '../helpers/wait.ts';

const TONE_HZ = 440;
const LOUD = -40;
const QUIET = -60;

let moot: Moot;
let alice: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: true });
const { browsers } = suite;
const sockets = new Sockets();
const ears: ListenerEar[] = [];

before(async () => {
  moot = await suite.start();
  alice = await addUser(moot, 'Alice Owner');
  room = await addRoom(moot, alice, 'Talk with listeners', 'link');
});
after(async () => {
  for (const ear of ears) ear.close();
  await sockets.closeAll();
});

/** Audio packets the page has sent so far, over all its connections. */
function audioPacketsSent(page: import('playwright-core').Page): Promise<number> {
  return page.evaluate(async () => {
    let packets = 0;
    for (const pc of (window as unknown as { __testPeerConnections: RTCPeerConnection[] }).__testPeerConnections) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((stat: { type: string; kind?: string; packetsSent?: number }) => {
        if (stat.type === 'outbound-rtp' && stat.kind === 'audio') packets += stat.packetsSent ?? 0;
      });
    }
    return packets;
  });
}

/** Whether the last second of the stream carried the tone, after `since`. */
function loudForASecond(ear: ListenerEar, since: number): boolean {
  const recent = ear.after(since).slice(-4);
  return recent.length === 4 && recent.every((h) => h.dbfs > LOUD);
}

/** Waits for two seconds of silence in the stream after `since`; returns when that silence began. */
async function silentFrom(ear: ListenerEar, since: number): Promise<number> {
  return waitFor(
    () => {
      const heard = ear.after(since);
      const first = heard.findIndex((h, i) => heard.length - i >= 8 && heard.slice(i).every((later) => later.dbfs < QUIET));
      return first >= 0 ? heard[first]!.at : null;
    },
    { timeoutMs: 8_000, intervalMs: 250, message: "two seconds of silence in the listener's stream after the mute" },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; ${TONE_HZ} Hz since the mute, dBFS a quarter second: ${ear.after(since).map((h) => h.dbfs.toFixed(0)).join(' ')}`);
  });
}

test('a member who clicks "Mute microphone" falls silent in a listener’s stream within seconds, each time', { timeout: 180_000 }, async (t) => {
  const listener = await sockets.guest(moot);
  await listener.join({ room: room.id, name: 'Lena', listenOnly: true });
  listener.send({ type: 'listen' });
  const ear = new ListenerEar(moot.url + (await listener.next('listenStream')).path, TONE_HZ);
  ears.push(ear);

  const member = await browsers.newParticipant(`Alice (Chromium, ${TONE_HZ} Hz tone)`);
  await member.context.addInitScript(toneMicrophone(TONE_HZ));
  await signIn(member.page, moot.url, alice.email, alice.password);
  await joinAsMember(member.page, moot.url, room.id);
  const page = member.page;

  for (const round of [1, 2]) {
    const unmutedAt = Date.now();
    await waitFor(() => loudForASecond(ear, unmutedAt), { timeoutMs: 60_000, intervalMs: 250, message: `the member's ${TONE_HZ} Hz tone in the listener's stream (round ${round})` });
    await page.getByRole('button', { name: 'Mute microphone' }).click();
    await page.getByRole('button', { name: 'Unmute microphone' }).waitFor();
    const mutedAt = Date.now();
    const sent = await audioPacketsSent(page);
    await waitFor(async () => (await audioPacketsSent(page)) === sent, { timeoutMs: 5_000, intervalMs: 1000, message: 'the muted page sending no audio' });
    t.diagnostic(`round ${round}: the listener's stream fell silent ${(await silentFrom(ear, mutedAt)) - mutedAt} ms after the mute`);
    await page.getByRole('button', { name: 'Unmute microphone' }).click();
    await page.getByRole('button', { name: 'Mute microphone' }).waitFor();
  }
});
