// A recording whose processing fails tells its owner why in plain words and offers "Try again"
// while the raw streams are kept. The failure is a real one: the server first runs without the
// video tools (as on a machine where ffmpeg was never installed); once it runs with them, the
// owner's "Try again" on the Recordings page turns the same raw streams into a playable file.
// Only the owner may try again, and a recording whose raw streams are gone says so.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId, signIn, waitForMediaFrom, Browsers } from '../helpers/browser.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { inspectMedia, processed, record, type ListedRecording } from '../helpers/recordings.ts';
import { waitFor } from '../helpers/wait.ts';

const VIDEO_TOOLS = ['ffmpeg', 'ffprobe', 'janus-pp-rec'];
const scratch = makeTempDir('moot-recording-retry-');
const dataDir = join(scratch, 'data');
const env = { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') };
const browsers = new Browsers();
let moot: Moot | undefined;

/** A PATH holding every program of this one but the named ones. */
function pathWithout(names: string[]): string {
  const dir = join(scratch, 'bin');
  mkdirSync(dir);
  for (const entry of (process.env.PATH ?? '').split(':')) {
    if (!entry || !existsSync(entry)) continue;
    for (const name of readdirSync(entry)) {
      if (!names.includes(name) && !existsSync(join(dir, name))) symlinkSync(join(entry, name), join(dir, name));
    }
  }
  return dir;
}

let alice: TestUser;
let bob: TestUser;
let room: TestRoom;
let kept: ListedRecording;
let lost: ListedRecording;

before(async () => {
  moot = await startMoot({ dataDir, env: { ...env, PATH: pathWithout(VIDEO_TOOLS) } });
  alice = await addUser(moot, 'Alice Owner');
  bob = await addUser(moot, 'Bob Member');
  room = await addRoom(moot, alice, 'Training');
});

after(async () => {
  await browsers.close();
  await moot?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('without the video tools, processing fails with a plain reason and the owner is offered "Try again", no sharing', { timeout: 300_000 }, async () => {
  const server = moot!;
  const a = await memberInMeeting(browsers, server.url, alice, room.id, 'Alice (owner)');
  const b = await memberInMeeting(browsers, server.url, bob, room.id, 'Bob (member)');
  await waitForMediaFrom(b.page, await participantId(b.page, 'Alice Owner'), 'video');
  await waitForMediaFrom(a.page, await participantId(a.page, 'Bob Member'), 'video');
  await record(a.page, [b.page]);
  kept = await processed(server, room.url);
  await record(a.page, [b.page]);
  lost = await processed(server, room.url, [kept.id]);
  await b.close();

  for (const r of [kept, lost]) {
    assert.equal(r.state, 'failed', JSON.stringify(r));
    assert.match(r.error ?? '', /missing a program needed to make videos/, 'the reason names what is wrong');
    assert.doesNotMatch(r.error ?? '', /ENOENT|spawn|exited with|JSON/, 'no raw error text');
  }
  assert.match(server.logs(), /spawn (ffmpeg|janus-pp-rec|ffprobe) ENOENT/, 'the technical detail is in the server log');

  await a.page.goto(`${server.url}/recordings`);
  const item = a.page.getByRole('listitem', { name: 'Training' }).first();
  await item.getByRole('status').filter({ hasText: 'Failed' }).waitFor();
  await item.getByText(/missing a program needed to make videos/).waitFor();
  await item.getByRole('button', { name: 'Try again' }).waitFor();
  assert.equal(await item.getByRole('button', { name: 'Delete recording' }).isVisible(), true, 'Delete is on the card, not folded away');
  assert.equal(await item.getByText('Share with people who have an account').count(), 0, 'no sharing of a failed recording');
  assert.equal(await item.getByText('Links for people without an account').count(), 0, 'no links to a failed recording');

  // Another member may not try again; to them the recording does not exist.
  const asBob = await signedIn(server, bob);
  const refused = await asBob.post(`/api/recordings/${kept.id}/retry`);
  assert.equal(refused.status, 404, refused.text);
  await a.close();
});

test('with the tools installed, "Try again" makes the kept raw streams a playable video; gone streams are said to be gone', { timeout: 300_000 }, async () => {
  await moot!.stop();
  moot = await startMoot({ dataDir, env });
  const server = moot;
  const asAlice = await signedIn(server, alice);

  // Retention removes a failed recording's raw streams after a while; here they go at once.
  rmSync(join(dataDir, 'recordings', 'work', lost.id), { recursive: true, force: true });
  const gone = await asAlice.post(`/api/recordings/${lost.id}/retry`);
  assert.equal(gone.status, 409, gone.text);
  assert.equal(gone.body.error.code, 'recording-not-retryable');
  assert.match(gone.body.error.details.join(' '), /recorded streams are no longer on the server/);
  const stillListed = (await asAlice.get('/api/recordings')).body.recordings as { id: string; retry: boolean; state: string }[];
  assert.deepEqual(
    stillListed.map((r) => [r.id, r.state, r.retry]).sort(),
    [
      [kept.id, 'failed', true],
      [lost.id, 'failed', false],
    ].sort(),
  );

  const oddBody = await asAlice.post(`/api/recordings/${kept.id}/retry`, { force: true });
  assert.equal(oddBody.status, 400, oddBody.text);

  const page = (await browsers.newParticipant('Alice (owner), after the restart')).page;
  await signIn(page, server.url, alice.email, alice.password);
  await page.goto(`${server.url}/recordings`);
  const items = page.getByRole('listitem', { name: 'Training' });
  await waitFor(async () => (await items.count()) === 2, { message: 'both recordings listed' });
  await items.getByText(/cannot be processed again/).waitFor();
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 180_000 });
  assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0, 'nothing left to try again');

  const done = await processed(server, room.url, [lost.id]);
  assert.equal(done.id, kept.id);
  assert.equal(done.state, 'ready', JSON.stringify(done));
  assert.equal(done.error, null);
  const file = join(scratch, 'retried.webm');
  await server.cli(['recording', 'export', done.id, file, '--json']);
  const media = inspectMedia(file);
  assert.deepEqual([...media.kinds].sort(), ['audio', 'video']);
  assert.ok(media.pictureShare > 0.5, `a camera is on screen (${(media.pictureShare * 100).toFixed(0)}% of frames not black)`);
  assert.equal(existsSync(join(dataDir, 'recordings', 'work', kept.id)), false, 'the raw streams are deleted once the video is made');

  const again = await asAlice.post(`/api/recordings/${kept.id}/retry`);
  assert.equal(again.status, 409, again.text);
  assert.match(again.body.error.details.join(' '), /ready/);

  const log = await server.cli<{ action: string; target: string; actor: string }[]>(['audit', 'log', '--json']);
  assert.ok(log.some((e) => e.action === 'recording.retry' && e.target === kept.id && e.actor === alice.email), 'the retry is audited');
});
