// A stage event in real Chromium pages and a real Janus: a moderator turns on stage mode, queues
// two talks and brings the first speaker on stage, then steps into the audience herself. The
// audience hears the speaker and sees the talk's timer; the next speaker waits backstage, hears
// the stage, and is not heard even when their browser sends its tone (the server holds their seat
// muted). "Pass the mic" sends the first speaker to the audience and brings the second on stage.
// Over the pages' own signaling sockets: an unmute from the audience or backstage, a stage move
// from the audience and a pass of the mic by someone who is not the current speaker are refused.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Page } from 'playwright-core';
import type { ClientMessage, ErrorCode } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { chromiumPage, joinAsMember, participantId, signIn, waitForMix, type Participant } from '../helpers/browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { chooseFromMore, moderateFromList, participantItem, setMic } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let olga: TestUser;
let ann: TestUser;
let bob: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers();
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  olga = await addUser(moot, 'Olga Host');
  ann = await addUser(moot, 'Ann Speaker');
  bob = await addUser(moot, 'Bob Speaker');
  room = await addRoom(moot, olga, 'Lightning talks', 'link');
});

/** Keeps the page's signaling sockets, so the test can speak for the person as a modified page would. */
const recordSockets = `(() => {
  const Original = window.WebSocket;
  const list = [];
  Object.defineProperty(window, '__testSockets', { value: list });
  window.WebSocket = class extends Original {
    constructor(...args) { super(...args); list.push(this); }
  };
})();`;

async function inMeeting(member: TestUser, label: string): Promise<Participant> {
  const participant = await browsers.newParticipant(label);
  await participant.context.addInitScript(recordSockets);
  await signIn(participant.page, moot.url, member.email, member.password);
  await joinAsMember(participant.page, moot.url, room.id);
  return participant;
}

/** Sends `message` on the page's own signaling socket and returns the code of the error that answers it. */
function refusalOf(page: Page, message: ClientMessage): Promise<ErrorCode | 'no answer'> {
  return page.evaluate((sent) => {
    const sockets = (window as unknown as { __testSockets: WebSocket[] }).__testSockets;
    const socket = sockets.filter((s) => s.readyState === WebSocket.OPEN).at(-1)!;
    // No named functions in here: the test's compiler would wrap them in a helper the page lacks.
    return new Promise<ErrorCode | 'no answer'>((resolve) => {
      setTimeout(() => resolve('no answer'), 10_000);
      socket.addEventListener('message', (event) => {
        const reply = JSON.parse(String(event.data)) as { type: string; code?: ErrorCode; ref?: string };
        if (reply.type === 'error' && reply.ref === sent.type) resolve(reply.code!);
      });
      socket.send(JSON.stringify(sent));
    });
  }, message);
}

/**
 * Makes the page send its microphone's tone on its seat in the mix although the page holds it
 * muted (it has no track on it), as a modified page would, and waits until the tone goes out.
 */
async function sendToneAnyway(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const pcs = (window as unknown as { __testPeerConnections: RTCPeerConnection[] }).__testPeerConnections;
    const [track] = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks();
    for (const pc of pcs) {
      if (pc.connectionState !== 'connected') continue;
      for (const t of pc.getTransceivers()) if (t.receiver.track.kind === 'audio' && t.currentDirection === 'sendrecv') await t.sender.replaceTrack(track!);
    }
  }, undefined);
  const sent = () =>
    page.evaluate(async () => {
      const pcs = (window as unknown as { __testPeerConnections: RTCPeerConnection[] }).__testPeerConnections;
      let energy = 0;
      let bytes = 0;
      for (const pc of pcs) {
        if (pc.connectionState !== 'connected') continue;
        for (const stat of (await pc.getStats()).values()) {
          if (stat.type === 'media-source' && stat.kind === 'audio') energy += Number(stat.totalAudioEnergy ?? 0);
          if (stat.type === 'outbound-rtp' && stat.kind === 'audio') bytes += Number(stat.bytesSent ?? 0);
        }
      }
      return { energy, bytes };
    }, undefined);
  const before = await sent();
  await waitFor(
    async () => {
      const now = await sent();
      return (now.energy - before.energy > 1e-3 && now.bytes - before.bytes > 10_000) || null;
    },
    { timeoutMs: 15_000, message: 'the backstage page sending its tone to the mixer' },
  );
}

const stageCard = (page: Page) => page.getByRole('region', { name: 'Stage' });
const hears = (page: Page, want: 'sound' | 'silence') => waitForMix(chromiumPage(page), want, { timeoutMs: 45_000, windowSeconds: 3 });

test(
  'lightning talks: the audience hears the speaker and sees the timer, backstage is not heard, Pass the mic hands the stage on, and the server refuses what the audience may not do',
  { timeout: 420_000 },
  async () => {
    const host = await inMeeting(olga, 'Olga (moderator)');
    const first = await inMeeting(ann, 'Ann (first speaker)');
    const second = await inMeeting(bob, 'Bob (second speaker)');
    const annId = await participantId(host.page, 'Ann Speaker');
    const bobId = await participantId(host.page, 'Bob Speaker');
    await setMic(host.page, false);

    await chooseFromMore(host.page, 'Stage');
    const card = stageCard(host.page);
    await card.getByRole('button', { name: 'Turn on stage mode' }).click();
    await card.getByText('You are on stage.').waitFor();
    for (const [id, title, minutes] of [
      [annId, 'Rust in five minutes', '5'],
      [bobId, 'Zig in three', '3'],
    ] as const) {
      await card.getByRole('combobox', { name: 'Speaker' }).selectOption(id);
      await card.getByRole('textbox', { name: 'Title' }).fill(title);
      await card.getByRole('spinbutton', { name: 'Minutes' }).fill(minutes);
      await card.getByRole('button', { name: 'Add to queue' }).click();
      await card.getByRole('list').getByText(title, { exact: false }).waitFor();
    }
    // The first talk's speaker waits backstage as soon as it is queued.
    await participantItem(host.page, annId).getByText('backstage', { exact: true }).waitFor();

    await moderateFromList(host.page, 'Ann Speaker', 'Move to stage');
    await participantItem(host.page, annId).getByText('on stage', { exact: true }).waitFor();
    await participantItem(host.page, bobId).getByText('backstage', { exact: true }).waitFor();
    // The host steps into the audience to watch the talks.
    await card.getByRole('button', { name: 'Move to audience' }).click();
    await card.getByText('You are in the audience', { exact: false }).waitFor();

    await setMic(first.page, true);
    await hears(host.page, 'sound');
    await hears(second.page, 'sound');
    const timer = host.page.getByRole('timer');
    await timer.getByText('Rust in five minutes', { exact: false }).waitFor();
    assert.match((await timer.textContent()) ?? '', /[45]:\d\d/, 'about five minutes left');

    // Backstage: the server refuses the unmute, and holds the seat muted even when the page sends its tone.
    assert.equal(await refusalOf(second.page, { type: 'mute', kind: 'audio', muted: false }), 'stage-held');
    await setMic(first.page, false);
    await sendToneAnyway(second.page);
    await hears(host.page, 'silence');

    await host.page.getByRole('button', { name: 'Pass the mic', exact: true }).click();
    await participantItem(host.page, annId).getByText('audience', { exact: true }).waitFor();
    await participantItem(host.page, bobId).getByText('on stage', { exact: true }).waitFor();
    await setMic(second.page, true);
    await hears(host.page, 'sound');
    await hears(first.page, 'sound');
    await first.page.getByRole('timer').getByText('Zig in three', { exact: false }).waitFor();
    // On a phone too, the timer stays in view.
    await first.page.setViewportSize({ width: 390, height: 844 });
    const box = await first.page.getByRole('timer').boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 844 && box.x >= 0 && box.x + box.width <= 390, `the timer within a phone's screen: ${JSON.stringify(box)}`);

    // The audience sends nothing and runs nothing; only the current speaker passes the mic.
    assert.equal(await refusalOf(first.page, { type: 'mute', kind: 'audio', muted: false }), 'audience-only');
    assert.equal(await refusalOf(first.page, { type: 'stageMove', participantId: annId, place: 'stage' }), 'forbidden');
    assert.equal(await refusalOf(first.page, { type: 'stageQueueAdd', participantId: annId, title: 'Encore' }), 'forbidden');
    assert.equal(await refusalOf(first.page, { type: 'stagePassMic' }), 'forbidden');
    await participantItem(host.page, bobId).getByText('on stage', { exact: true }).waitFor();
    await participantItem(host.page, annId).getByText('audience', { exact: true }).waitFor();
  },
);
