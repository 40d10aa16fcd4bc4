// Livestreaming a meeting to a real RTMP receiver on 127.0.0.1 (ffmpeg listening for FLV): a
// moderator presses "Start livestream"; what arrives holds H.264 and AAC, the speaker's tone and
// the speaker's picture, which changes when another person speaks; a destination that refuses
// is announced to the moderator. Only moderators may start it, and stream keys never come back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { livestreamDestinationsPath, livestreamHlsPath } from '@moot/protocol';
import { accessLogProxy, type AccessLogProxy } from '../helpers/access-log-proxy.ts';
import { test } from '../helpers/diagnostics.ts';
import { chromiumArgs, joinAsGuest, joinAsMember, participantId, recordPeerConnections, signIn, waitForMediaFrom } from '../helpers/browser.ts';
import { participantItem, setMic } from '../helpers/meeting-ui.ts';
import { addRoom, addUser, signedIn, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeTempDir, pidsWithCommandLine, startMoot, type Moot } from '../helpers/moot.ts';
import { freePort } from '../helpers/ports.ts';
import { codecs, frameColours, lastFrameColour, peakHz, rtmpReceiver, streamCodecs, type RtmpReceiver } from '../helpers/rtmp.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

let moot: Moot;
let owner: TestUser;
let member: TestUser;
let room: TestRoom;
let media: string;
const sockets = new Sockets();
const browsers: Browser[] = [];
const receivers: RtmpReceiver[] = [];
const proxies: AccessLogProxy[] = [];

before(async () => {
  moot = await startMoot();
  await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
  owner = await addUser(moot, 'Olga Owner');
  member = await addUser(moot, 'Max Member');
  room = await addRoom(moot, owner, 'Town hall', 'link');
  media = makeTempDir('moot-livestream-media-');
});

afterEach(() => sockets.closeAll());
after(async () => {
  for (const r of receivers) r.stop();
  for (const p of proxies) await p.close();
  for (const b of browsers) await b.close().catch(() => undefined);
  await sockets.closeAll();
  await moot?.stop();
});

/** A Chromium whose camera shows one colour and whose microphone plays one tone. */
async function speaker(name: string, colour: string, hz: number): Promise<Page> {
  const video = join(media, `${name}.y4m`);
  const audio = join(media, `${name}.wav`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=320x240:r=15`, '-t', '2', '-pix_fmt', 'yuv420p', video]);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${hz}:sample_rate=48000`, '-t', '5', '-ac', '1', '-c:a', 'pcm_s16le', audio]);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, `--use-file-for-fake-video-capture=${video}`, `--use-file-for-fake-audio-capture=${audio}`],
    headless: true,
  });
  browsers.push(browser);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(recordPeerConnections);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

const destinations = (http: Awaited<ReturnType<typeof signedIn>>, list: unknown[]) => http.request('PUT', livestreamDestinationsPath(room.id), { json: { destinations: list } });

test('only the room’s owner and moderators see and set destinations, stream keys never come back, and a guest or member who sends the start message is refused', async () => {
  const ownerHttp = await signedIn(moot, owner);
  const saved = await destinations(ownerHttp, [{ name: 'Main', url: 'rtmp://127.0.0.1:1935/live', streamKey: 'never-shown-key-1' }]);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual(
    saved.body.destinations.map((d: { name: string; url: string }) => [d.name, d.url]),
    [['Main', 'rtmp://127.0.0.1:1935/live']],
  );
  const read = await ownerHttp.request('GET', livestreamDestinationsPath(room.id));
  assert.ok(!JSON.stringify(saved.body).includes('never-shown-key-1') && !JSON.stringify(read.body).includes('never-shown-key-1'), 'the key is never returned');

  // Renaming without a key keeps the stored one; a new destination without a key is refused.
  const id = read.body.destinations[0].id as string;
  assert.equal((await destinations(ownerHttp, [{ id, name: 'Main stage', url: 'rtmp://127.0.0.1:1935/live' }])).status, 200);
  const keyless = await destinations(ownerHttp, [{ name: 'Other', url: 'rtmp://127.0.0.1:1935/live' }]);
  assert.equal(keyless.status, 400);
  assert.equal(keyless.body.error.code, 'bad-request');
  const wrongScheme = await destinations(ownerHttp, [{ name: 'Web', url: 'https://example.org/live', streamKey: 'k' }]);
  assert.equal(wrongScheme.status, 400);
  const six = Array.from({ length: 6 }, (_, i) => ({ name: `D${i}`, url: 'rtmp://127.0.0.1:1935/live', streamKey: `k${i}` }));
  assert.equal((await destinations(ownerHttp, six)).status, 400);

  const memberHttp = await signedIn(moot, member);
  assert.equal((await memberHttp.request('GET', livestreamDestinationsPath(room.id))).status, 403);
  assert.equal((await destinations(memberHttp, [])).status, 403);

  const ownerWs = await sockets.member(moot, owner);
  await ownerWs.join({ room: room.id });
  const memberWs = await sockets.member(moot, member);
  await memberWs.join({ room: room.id });
  memberWs.send({ type: 'livestream', active: true });
  assert.equal((await memberWs.nextError('livestream')).code, 'forbidden');
  const guestWs = await sockets.guest(moot);
  await guestWs.join({ room: room.id, name: 'Gina Guest' });
  guestWs.send({ type: 'livestream', active: true });
  assert.equal((await guestWs.nextError('livestream')).code, 'forbidden');
  assert.equal(ownerWs.count((m) => m.type === 'livestreamState'), 0, 'nothing went live');

  // A moderator pressing again and again is slowed down: three at once, then a specific error.
  for (let i = 0; i < 3; i++) {
    ownerWs.send({ type: 'livestream', active: false });
    assert.equal((await ownerWs.nextError('livestream')).code, 'bad-request', 'stopping a stream that does not run');
  }
  ownerWs.send({ type: 'livestream', active: false });
  assert.equal((await ownerWs.nextError('livestream')).code, 'livestream-too-fast');
  assert.ok(!moot.logs().includes('never-shown-key-1'), 'the key is not in the server log');
});

test('"Start livestream" sends H.264 and AAC with the speaker’s tone and picture to an RTMP receiver, follows the new speaker, and tells the moderator of a refusing destination', { timeout: 360_000 }, async (t) => {
  const receiver = await rtmpReceiver(makeTempDir('moot-livestream-'), 'received-key-5b7e');
  receivers.push(receiver);
  const refusing = `rtmp://127.0.0.1:${await freePort()}/live`;
  const ownerHttp = await signedIn(moot, owner);
  const saved = await destinations(ownerHttp, [
    { name: 'Receiver', url: receiver.url, streamKey: receiver.key },
    { name: 'Nobody listening', url: refusing, streamKey: 'refused-key-77c1' },
  ]);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  const olga = await speaker('olga', 'red', 440);
  await signIn(olga, moot.url, owner.email, owner.password);
  await joinAsMember(olga, moot.url, room.id);
  await olga.getByRole('button', { name: 'Start livestream' }).click();
  await olga.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
  await olga.getByRole('button', { name: 'Stop livestream' }).waitFor();

  // The destination nobody listens on is announced to the moderator, with the next attempt.
  await olga.getByRole('alert').filter({ hasText: /Nobody listening does not take the livestream\. Trying again in \d+ s\./ }).waitFor({ timeout: 60_000 });

  await waitFor(() => receiver.received() > 300_000, { timeoutMs: 90_000, intervalMs: 500, message: 'the stream to reach the RTMP receiver' });
  assert.deepEqual(codecs(receiver.file), { video: ['h264'], audio: ['aac'] });
  assert.doesNotMatch(receiver.log(), /Unexpected stream/, 'the receiver got the stream under its key');
  let seen: unknown;
  await waitFor(
    () => {
      const colour = lastFrameColour(receiver.file);
      const hz = peakHz(receiver.file);
      seen = { colour, hz };
      return colour[0] > colour[2] + 80 && Math.abs(hz - 440) <= 15;
    },
    { timeoutMs: 60_000, intervalMs: 2000, message: 'the red picture and the 440 Hz tone of the speaker' },
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${JSON.stringify(seen)}`);
  });
  t.diagnostic(`first speaker: ${JSON.stringify(seen)}`);

  // Another person speaks and the first one stops: the program shows the new speaker, who sees
  // that the meeting is live.
  const bob = await speaker('bob', 'blue', 880);
  await joinAsGuest(bob, moot.url, room.id, 'Bob Guest');
  await bob.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
  await setMic(olga, false);
  // What the program follows, as the meeting shows it: Bob talks, Olga does not, Bob's camera is seen.
  const bobId = await participantId(olga, 'Bob Guest');
  await participantItem(olga, bobId).and(olga.locator('[data-speaking="true"]')).waitFor({ timeout: 30_000 });
  await waitForMediaFrom(olga, bobId, 'video');
  // The stream's pictures in order: the first speaker's red, then the new speaker's blue.
  const red = ([r, , b]: number[]) => r! > b! + 80;
  const blue = ([r, , b]: number[]) => b! > r! + 80;
  await waitFor(
    () => {
      const colours = frameColours(receiver.file);
      const firstBlue = colours.findIndex(blue);
      seen = { frames: colours.length, firstBlue, received: receiver.received() };
      return firstBlue > 0 && colours.slice(0, firstBlue).some(red) && colours.slice(firstBlue).every((c) => !red(c));
    },
    { timeoutMs: 60_000, intervalMs: 3000, message: 'the blue picture of the new speaker after the red one' },
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${JSON.stringify(seen)}`);
  });

  await olga.getByRole('button', { name: 'Stop livestream' }).click();
  await olga.getByRole('button', { name: 'Start livestream' }).waitFor();
  await bob.getByRole('status').filter({ hasText: /^Live$/ }).waitFor({ state: 'detached' });
  // The receiver gets nothing more.
  await sleep(2000);
  const size = receiver.received();
  await sleep(3000);
  assert.equal(receiver.received(), size, 'the stream stopped');
  const logs = moot.logs();
  assert.ok(!logs.includes('refused-key-77c1') && !logs.includes('received-key-5b7e'), 'no stream key in the server log');
});

test('with nobody sending video the stream shows the room’s card, and ending the meeting ends the stream and every ffmpeg it ran', { timeout: 180_000 }, async () => {
  const receiver = await rtmpReceiver(makeTempDir('moot-livestream-'), 'card-key-31d0');
  receivers.push(receiver);
  // A room of its own: the earlier test's people (with cameras) are still in theirs.
  const quietRoom = await addRoom(moot, owner, 'Quiet room', 'link');
  const ownerHttp = await signedIn(moot, owner);
  const saved = await ownerHttp.request('PUT', livestreamDestinationsPath(quietRoom.id), { json: { destinations: [{ name: 'Receiver', url: receiver.url, streamKey: receiver.key }] } });
  assert.equal(saved.status, 200);

  // A member without a browser: no camera, no microphone.
  const ownerWs = await sockets.member(moot, owner);
  await ownerWs.join({ room: quietRoom.id });
  ownerWs.send({ type: 'livestream', active: true });
  assert.equal((await ownerWs.next('livestreamState', undefined, 30_000)).active, true);
  await waitFor(() => receiver.received() > 100_000, { timeoutMs: 60_000, intervalMs: 500, message: 'the card to reach the RTMP receiver' });
  const [r, g, b] = await waitFor(() => lastFrameColour(receiver.file), { timeoutMs: 20_000, intervalMs: 1000, message: 'a decoded frame' });
  assert.ok(b > r && r < 90 && g < 90 && b < 110, `the card's dark blue background with the room's name: ${[r, g, b]}`);
  const running = pidsWithCommandLine(join(moot.dataDir, 'livestream'));
  assert.ok(running.length >= 2, 'the encoder and the card run from the stream’s folder');

  ownerWs.send({ type: 'endMeeting' });
  await ownerWs.next('meetingEnded');
  // The receiver takes one connection: it ends too once the pusher is gone.
  await waitFor(() => pidsWithCommandLine(join(moot.dataDir, 'livestream')).length === 0 && pidsWithCommandLine(receiver.key).length === 0, {
    timeoutMs: 15_000,
    message: 'the encoder, the card and the pusher to end with the meeting',
  });
  await sleep(1000);
  const size = receiver.received();
  await sleep(3000);
  assert.equal(receiver.received(), size, 'nothing more arrives');
});

test('HLS served by moot: off by default, public to anyone without an account, or behind a link whose key no access log keeps (what a log keeps opens nothing later) and whose replacement revokes the old one', { timeout: 180_000 }, async () => {
  const hlsRoom = await addRoom(moot, owner, 'Open day', 'link');
  const ownerHttp = await signedIn(moot, owner);
  const anonymous = new HttpClient(moot.url);
  const setting = (body: unknown) => ownerHttp.request('PUT', livestreamHlsPath(hlsRoom.id), { json: body });
  assert.deepEqual((await ownerHttp.request('GET', livestreamHlsPath(hlsRoom.id))).body, { access: 'off' });
  assert.equal((await (await signedIn(moot, member)).request('PUT', livestreamHlsPath(hlsRoom.id), { json: { access: 'public' } })).status, 403);

  const open = await setting({ access: 'public' });
  assert.equal(open.status, 200, JSON.stringify(open.body));
  const publicUrl = new URL(open.body.url as string);
  assert.equal(publicUrl.pathname, `/live/${hlsRoom.id}/index.m3u8`);
  assert.equal((await anonymous.request('GET', publicUrl.pathname)).status, 404, 'nothing to watch before the stream starts');

  // A room with HLS and no RTMP destination may go live; a moderator without a browser starts it.
  const ownerWs = await sockets.member(moot, owner);
  await ownerWs.join({ room: hlsRoom.id });
  ownerWs.send({ type: 'livestream', active: true });
  assert.equal((await ownerWs.next('livestreamState', undefined, 30_000)).active, true);
  const playlist = await waitFor(
    async () => {
      const res = await anonymous.request('GET', publicUrl.pathname);
      return res.status === 200 && /seg-\d+\.ts/.test(String(res.text)) ? String(res.text) : null;
    },
    { timeoutMs: 60_000, intervalMs: 1000, message: 'the HLS playlist with a segment' },
  );
  const segment = /^(seg-\d+\.ts)$/m.exec(playlist)![1]!;
  const fetched = await fetch(`${moot.url}/live/${hlsRoom.id}/${segment}`);
  assert.equal(fetched.status, 200);
  const file = join(makeTempDir('moot-hls-'), segment);
  writeFileSync(file, Buffer.from(await fetched.arrayBuffer()));
  assert.deepEqual(codecs(file), { video: ['h264'], audio: ['aac'] });

  // Behind a link: the key is the link's password, which a player sends in an Authorization
  // header; a reverse proxy's access log keeps the request lines only.
  const linked = await setting({ access: 'link' });
  const link = new URL(linked.body.url as string);
  const key = decodeURIComponent(link.password);
  assert.ok(key.length >= 40 && !`${link.pathname}${link.search}`.includes(key), `the key is outside the path and query: ${link.href}`);
  const proxy = await accessLogProxy(moot.url);
  proxies.push(proxy);
  const throughProxy = new URL(`${link.pathname}${link.search}`, proxy.url);
  throughProxy.username = link.username;
  throughProxy.password = link.password;
  assert.deepEqual(await streamCodecs(throughProxy.href), { video: ['h264'], audio: ['aac'] }, 'a player (ffprobe) opens the link');
  const segmentsFetched = proxy.log.filter((line) => /\/seg-\d+\.ts\?t=/.test(line));
  assert.ok(segmentsFetched.length > 0 && proxy.log.some((line) => line.startsWith(`live GET ${link.pathname}`)), proxy.log.join('\n'));
  assert.ok(!proxy.log.join('\n').includes(key), 'the access log never holds the key');

  const withKey = { headers: { authorization: `Basic ${Buffer.from(`live:${key}`).toString('base64')}` } };
  const listed = async () => String((await anonymous.request('GET', link.pathname, withKey)).text).match(/^seg-\d+\.ts/gm) ?? [];
  // Later, once the segment addresses the player was given have expired, nothing the log kept opens anything.
  const lastExpiry = Math.max(...segmentsFetched.map((line) => Number(/[?&]t=(\d+)\./.exec(line)![1])));
  await waitFor(() => Date.now() / 1000 > lastExpiry + 1, { timeoutMs: 60_000, intervalMs: 1000, message: 'the logged segment addresses to expire' });
  for (const line of proxy.log) {
    const replayed = await anonymous.request('GET', line.split(' ')[2]!);
    assert.equal(replayed.status, 401, `${line} replayed`);
  }
  const unauthenticated = await anonymous.request('GET', link.pathname);
  assert.equal(unauthenticated.status, 401, 'the playlist without the key');
  assert.match(unauthenticated.headers.get('www-authenticate') ?? '', /^Basic /);
  assert.equal((await anonymous.request('GET', `${link.pathname}?k=${key}`)).status, 401, 'the key in the query opens nothing');
  // A logged segment token does not open the segment that is current now.
  const current = (await listed())[0]!;
  const loggedToken = /[?&]t=([^&\s]+)/.exec(segmentsFetched[0]!)![1]!;
  assert.equal((await anonymous.request('GET', `/live/${hlsRoom.id}/${current}?t=${loggedToken}`)).status, 401);

  const renewed = await setting({ access: 'link', newLink: true });
  const newKey = decodeURIComponent(new URL(renewed.body.url as string).password);
  assert.notEqual(newKey, key);
  assert.equal((await anonymous.request('GET', link.pathname, withKey)).status, 401, 'the old link is revoked');
  const withNewKey = { headers: { authorization: `Basic ${Buffer.from(`live:${newKey}`).toString('base64')}` } };
  assert.equal((await anonymous.request('GET', link.pathname, withNewKey)).status, 200, 'the new link opens it');

  ownerWs.send({ type: 'livestream', active: false });
  await ownerWs.next('livestreamState', (m) => !m.active);
  await waitFor(async () => (await anonymous.request('GET', link.pathname, withNewKey)).status === 404, {
    message: 'the HLS files to go when the stream stops',
  });
});

test('the owner sets a destination and the HLS link on the room card: the saved key is never shown again, a new link replaces the old', { timeout: 120_000 }, async () => {
  const cardRoom = await addRoom(moot, owner, 'Studio', 'link');
  const page = await speaker('settings', 'gray', 300);
  await signIn(page, moot.url, owner.email, owner.password);
  const card = page.locator(`li[data-room-id="${cardRoom.id}"]`);
  await card.getByRole('button', { name: 'Livestream destinations' }).click();
  const form = card.getByRole('form', { name: 'Livestream destinations of Studio' });
  await form.getByRole('button', { name: 'Add a destination' }).click();
  await form.getByRole('textbox', { name: 'Name' }).fill('PeerTube');
  await form.getByRole('textbox', { name: 'Server address (RTMP)' }).fill('rtmps://peertube.example/live');
  await form.getByLabel('Stream key').fill('form-key-8e21');
  await form.getByRole('button', { name: 'Save destinations' }).click();
  await form.getByRole('status').filter({ hasText: 'Destinations saved.' }).waitFor();
  assert.equal(await form.getByLabel('Stream key').inputValue(), '', 'the saved key is not sent back to the page');
  assert.ok(!(await page.content()).includes('form-key-8e21'));
  const saved = await (await signedIn(moot, owner)).request('GET', livestreamDestinationsPath(cardRoom.id));
  assert.deepEqual(saved.body.destinations.map((d: { name: string; url: string }) => [d.name, d.url]), [['PeerTube', 'rtmps://peertube.example/live']]);

  await card.getByRole('combobox', { name: 'Who may watch without an account' }).selectOption('link');
  const address = card.getByRole('textbox', { name: 'Address of the HLS stream' });
  const first = await waitFor(async () => (await address.inputValue()) || null, { message: 'the HLS link' });
  assert.match(first, new RegExp(`^http://live:[\\w-]{40,}@127\\.0\\.0\\.1:\\d+/live/${cardRoom.id}/index\\.m3u8$`));
  await card.getByRole('button', { name: 'New link (the old one stops working)' }).click();
  await waitFor(async () => (await address.inputValue()) !== first, { message: 'a new HLS link' });
});
