// A moderator records a two-person meeting in real Chromium pages through the real Janus; after
// processing, the decrypted file has audio and video of the recorded length, the stored file
// is ciphertext, and no raw Janus recording is left on disk.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId, waitForMediaFrom } from '../helpers/browser.ts';
import { signedIn } from '../helpers/fixtures.ts';
import { filesEndingWith, firstBytes, looksLikeMedia, probe } from '../helpers/media-files.ts';
import { makeTempDir } from '../helpers/moot.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const scratch = makeTempDir('moot-recording-test-');
const suite = serverWithBrowsers({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Owner', bob: 'Bob Member' }, { name: 'Recorded meeting', owner: 'alice' });

test('a recorded two-person meeting becomes one encrypted file with audio and video', { timeout: 300_000 }, async () => {
  const a = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice (owner, moderator)');
  const b = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob (member)');
  const [aliceId, bobId] = [await participantId(b.page, 'Alice Owner'), await participantId(a.page, 'Bob Member')];
  await waitForMediaFrom(b.page, aliceId, 'video');
  await waitForMediaFrom(a.page, bobId, 'video');

  assert.equal(await b.page.getByRole('button', { name: 'Start recording' }).count(), 0, 'only moderators may record');
  await a.page.getByRole('button', { name: 'Start recording' }).click();
  const started = Date.now();
  for (const page of [a.page, b.page]) {
    await page.getByRole('status').filter({ hasText: /^Recording$/ }).waitFor({ state: 'visible', timeout: 15_000 });
  }
  await a.page.getByRole('textbox', { name: 'Message' }).fill('kept with the recording');
  await a.page.getByRole('button', { name: 'Send' }).click();
  // Let some seconds of media be written; the assertion below compares with the measured span.
  await sleep(6000);
  await a.page.getByRole('button', { name: 'Stop recording' }).click();
  const recordedS = (Date.now() - started) / 1000;
  await b.page.getByRole('status').filter({ hasText: /^Recording$/ }).waitFor({ state: 'hidden', timeout: 15_000 });

  const listed = await waitFor(
    async () => {
      const list = await cast.moot.cli<{ id: string; state: string; size: number; routes: Record<string, string> }[]>(['recording', 'list', '--room', cast.room.url, '--json']);
      const one = list[0];
      return one?.state === 'ready' || one?.state === 'failed' ? one : null;
    },
    { timeoutMs: 180_000, intervalMs: 1000, message: 'the recording to be processed' },
  );
  assert.equal(listed.state, 'ready', JSON.stringify(listed));
  assert.ok(listed.size > 10_000, `a real video (size ${listed.size})`);

  const exported = join(scratch, 'exported.webm');
  await cast.moot.cli(['recording', 'export', listed.id, exported, '--json']);
  const media = probe(exported);
  assert.ok(media.kinds.includes('video') && media.kinds.includes('audio'), `audio and video streams: ${media.kinds.join(', ')}`);
  assert.ok(Math.abs(media.durationS - recordedS) < 2, `duration ${media.durationS}s, recorded for about ${recordedS.toFixed(1)}s`);

  const stored = join(cast.moot.dataDir, 'recordings', `${listed.id}.media`);
  assert.equal(looksLikeMedia(firstBytes(stored)), false, 'the stored file is not playable media');
  assert.deepEqual(filesEndingWith(cast.moot.dataDir, '.mjr'), [], 'no raw Janus recording is left');

  // The owner streams it through a short-lived link, seeking with a Range request.
  const http = await signedIn(cast.moot, cast.alice);
  const links = await http.post(listed.routes.links!);
  assert.equal(links.status, 200, links.text);
  const head = await fetch(`${cast.moot.url}${links.body.view}`, { headers: { cookie: http.cookieHeader(), range: 'bytes=0-3' } });
  assert.equal(head.status, 206);
  assert.equal(looksLikeMedia(Buffer.concat([Buffer.from(await head.arrayBuffer()), Buffer.alloc(12)])), true, 'decrypted on the fly');
  const notes = await http.get(listed.routes.notes!);
  assert.ok(JSON.stringify(notes.body.chat).includes('kept with the recording'), 'the chat is kept with the recording');
});
