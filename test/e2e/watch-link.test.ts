// Someone without an account opens a recording's link in Chromium: the video plays and seeks
// (Range requests carrying the link's cookie), no request path ever holds the token, and a
// revoked link stops the video's next request.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestUser } from '../helpers/fixtures.ts';
import { makeWebm } from '../helpers/media-files.ts';
import { makeTempDir } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';

const scratch = makeTempDir('moot-watch-');
const { start, browsers } = serverWithBrowsers({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
let owner: TestUser;
let recording: { id: string };

before(async () => {
  const moot = await start();
  owner = await addUser(moot, 'Wanda Owner');
  const room = await addRoom(moot, owner, 'Seminar');
  recording = await moot.cli(['recording', 'import', room.url, makeWebm(join(scratch, 'seminar.webm'), 6), '--name', 'Seminar', '--json']);
});

test('a link holder watches and seeks the video, the token in no request path; revoking stops the next request', async () => {
  const moot = await start();
  const ownerHttp = await signedIn(moot, owner);
  const made = await ownerHttp.post(`/api/recordings/${recording.id}/share-links`, { days: 1 });
  assert.equal(made.status, 201, made.text);
  const { url, id: linkId } = made.body.link as { url: string; id: string };
  const token = new URL(url).hash.slice(1);

  const { page } = await browsers.newParticipant('Link holder');
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname + new URL(r.url()).search));
  await page.goto(url);
  await page.getByRole('heading', { name: 'Seminar' }).waitFor();
  const video = page.getByLabel('Recording Seminar');
  await video.waitFor();
  await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1 && (document.querySelector('video')?.duration ?? 0) > 5);
  const seeked = await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<number>((resolve, reject) => {
        v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)), { once: true });
        v.currentTime = 4;
      }),
  );
  assert.ok(seeked >= 3.5, `seeked to ${seeked}`);
  assert.ok(paths.some((p) => p === `/api/shared-recordings/${linkId}/media`), `the video loaded: ${paths.join(' ')}`);
  assert.deepEqual(paths.filter((p) => p.includes(token)), [], 'no request path holds the token');

  assert.equal((await ownerHttp.delete(`/api/recordings/${recording.id}/share-links/${linkId}`)).status, 200);
  const status = await page.evaluate((media) => fetch(media, { headers: { range: 'bytes=0-99' } }).then((r) => r.status), `/api/shared-recordings/${linkId}/media`);
  assert.equal(status, 404, 'the revoked link’s cookie opens nothing');
});
