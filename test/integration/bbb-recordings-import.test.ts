// A copy of BigBlueButton's published recordings (the real folder layout, media made by ffmpeg)
// becomes encrypted moot recordings of the right rooms: found by the meetingID the API maps or by
// the room's own id, with name, start, duration and chat kept; cameras and screen share composed
// into one playable file; an unknown meeting is reported and skipped; a dry run writes nothing;
// a second run skips what came over.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '@moot/protocol';
import { bbbCall, jsUrl } from '../helpers/bbb.ts';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { probe } from '../helpers/media-files.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';

const scratch = makeTempDir('moot-bbb-recordings-');
const published = join(scratch, 'published');
let moot: Moot;
let owner: TestUser;
let room: TestRoom;
let apiRoomId: string;

interface Item {
  recordId: string;
  name: string;
  status: string;
  reason?: string;
  recordingId?: string;
  room: { id: string } | null;
  matchedBy: string | null;
  chat: number;
  durationMs: number;
  startedAt: string;
}
interface Report {
  dryRun: boolean;
  items: Item[];
  summary: Record<string, number>;
}

const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One published presentation recording, laid out as BigBlueButton's publish step leaves it. */
function publish(meetingId: string, name: string, startMs: number, options: { format?: 'presentation' | 'video'; deskshare: boolean; chat: [number, string, string][] }): string {
  const recordId = `${createHash('sha1').update(meetingId).digest('hex')}-${startMs}`;
  const format = options.format ?? 'presentation';
  const dir = join(published, format, recordId);
  const picture = ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15:duration=3', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3'];
  if (format === 'video') {
    // The video format: BigBlueButton's own composition, one MP4.
    mkdirSync(dir, { recursive: true });
    ffmpeg([...picture, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mp4', join(dir, 'video-0.m4v')]);
  } else {
    mkdirSync(join(dir, 'video'), { recursive: true });
    ffmpeg([...picture, '-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', '-shortest', join(dir, 'video', 'webcams.webm')]);
  }
  if (options.deskshare) {
    mkdirSync(join(dir, 'deskshare'));
    ffmpeg(['-f', 'lavfi', '-i', 'smptebars=size=640x360:rate=5:duration=3', '-c:v', 'libvpx', '-deadline', 'realtime', join(dir, 'deskshare', 'deskshare.webm')]);
  }
  writeFileSync(join(dir, 'metadata.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<recording>
  <id>${recordId}</id>
  <state>published</state>
  <published>true</published>
  <start_time>${startMs}</start_time>
  <end_time>${startMs + 3000}</end_time>
  <participants>2</participants>
  <meeting id="${recordId}" externalId="${escape(meetingId)}" name="${escape(name)}" breakout="false"/>
  <meta>
    <isBreakout>false</isBreakout>
    <meetingId>${escape(meetingId)}</meetingId>
    <meetingName>${escape(name)}</meetingName>
    <bbb-origin>Greenlight</bbb-origin>
  </meta>
  <playback>
    <format>${format}</format>
    <link>https://bbb.example.org/playback/${format}/2.3/${recordId}</link>
    <processing_time>2048</processing_time>
    <duration>3000</duration>
  </playback>
</recording>
`);
  const lines = options.chat.map(([at, who, text]) => `  <chattimeline in="${at}" direction="down" name="${escape(who)}" message="${escape(text)}" target="chat"/>`);
  writeFileSync(join(dir, 'slides_new.xml'), `<?xml version="1.0"?>\n<popcorn>\n${lines.join('\n')}\n</popcorn>\n`);
  return recordId;
}

const runImport = (...extra: string[]) => moot.cli<Report>(['import', 'bbb-recordings', published, '--json', ...extra]);
const recordingsIn = async (roomId: string) => (await moot.cli<{ id: string }[]>(['recording', 'list', '--room', roomId, '--json'])).map((r) => r.id);

const start = Date.UTC(2025, 2, 4, 9, 30);
let withShare: string;
let camsOnly: string;
let stranger: string;
let composed: string;

before(async () => {
  moot = await startMoot({ env: { MOOT_RECORDINGS_KEY_FILE: join(scratch, 'recordings.key') } });
  owner = await addUser(moot, 'Olive Owner');
  room = await addRoom(moot, owner, 'Seminar');
  // A meeting an integration created through the BigBlueButton API: its meetingID maps to a room.
  const { secret } = await moot.cli<{ secret: string }>(['bbb', 'secret', '--json']);
  const created = await bbbCall(jsUrl(moot.url, secret, 'create', { meetingID: 'moodle-course-17', name: 'Course 17' }));
  assert.equal(created.response.returncode, 'SUCCESS', created.text);
  apiRoomId = (await moot.cli<{ id: string; name: string }[]>(['room', 'list', '--json'])).find((r) => r.name === 'Course 17')!.id;

  withShare = publish('moodle-course-17', 'Course 17', start, { deskshare: true, chat: [] });
  camsOnly = publish(room.id, 'Seminar', start + 86_400_000, {
    deskshare: false,
    chat: [[1, 'Alice', 'Hello <a href="https://example.org/slides">https://example.org/slides</a>'], [2, 'Bob', 'Thanks & bye']],
  });
  composed = publish(room.id, 'Seminar, second week', start + 7 * 86_400_000, { format: 'video', deskshare: false, chat: [] });
  stranger = publish('a-meeting-nobody-moved', 'Elsewhere', start + 2 * 86_400_000, { deskshare: false, chat: [] });
});

after(async () => {
  await moot?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('a dry run reports where each recording would go and writes nothing', async () => {
  const report = await runImport('--dry-run');
  assert.equal(report.dryRun, true);
  const by = new Map(report.items.map((i) => [i.recordId, i]));
  assert.deepEqual([by.get(withShare)?.status, by.get(withShare)?.room?.id, by.get(withShare)?.matchedBy], ['would-import', apiRoomId, 'bbb-api']);
  assert.deepEqual([by.get(camsOnly)?.status, by.get(camsOnly)?.room?.id, by.get(camsOnly)?.matchedBy], ['would-import', room.id, 'room-id']);
  assert.deepEqual([by.get(composed)?.status, by.get(composed)?.room?.id], ['would-import', room.id]);
  assert.equal(by.get(stranger)?.status, 'skipped');
  assert.match(by.get(stranger)?.reason ?? '', /no room for meeting a-meeting-nobody-moved/);
  assert.deepEqual(await moot.cli(['recording', 'list', '--json']), []);
  assert.deepEqual(readdirSync(join(moot.dataDir, 'recordings')).filter((f) => f.endsWith('.media')), []);
});

test('the import files each recording in its room, encrypted, with name, date, duration and chat; the owner plays it', async () => {
  const report = await runImport();
  assert.deepEqual(report.summary, { imported: 3, 'would-import': 0, skipped: 1, failed: 0 });
  const seminar = report.items.find((i) => i.recordId === camsOnly)!;
  const secondWeek = report.items.find((i) => i.recordId === composed)!;
  assert.deepEqual(await recordingsIn(room.id), [secondWeek.recordingId, seminar.recordingId]);
  const course = report.items.find((i) => i.recordId === withShare)!;
  assert.deepEqual(await recordingsIn(apiRoomId), [course.recordingId]);

  const http = await signedIn(moot, owner);
  const view = await http.get(routes.recording(seminar.recordingId!));
  assert.equal(view.status, 200, view.text);
  const { name, startedAt, durationMs } = view.body.recording;
  assert.deepEqual({ name, startedAt, durationMs }, { name: 'Seminar', startedAt: new Date(start + 86_400_000).toISOString(), durationMs: 3000 });
  const notes = await http.get(routes.recordingNotes(seminar.recordingId!));
  assert.deepEqual(
    notes.body.chat.map((m: { from: { name: string }; text: string; at: string }) => [m.from.name, m.text, m.at]),
    [
      ['Alice', 'Hello https://example.org/slides', new Date(start + 86_400_000 + 1000).toISOString()],
      ['Bob', 'Thanks & bye', new Date(start + 86_400_000 + 2000).toISOString()],
    ],
  );
  const links = await http.post(routes.recordingLinks(seminar.recordingId!));
  assert.equal(links.status, 200, links.text);
  const media = await fetch(moot.url + (links.body.view as string), { headers: { cookie: http.cookieHeader() } });
  assert.equal(media.status, 200);
  const file = join(scratch, 'played.webm');
  writeFileSync(file, Buffer.from(await media.arrayBuffer()));
  const played = probe(file);
  assert.deepEqual(played.kinds.sort(), ['audio', 'video']);
  assert.ok(Math.abs(played.durationS - 3) < 0.5, `about three seconds long, not ${played.durationS}`);
});

test('the screen share and the cameras become one picture', async () => {
  const report = await runImport('--dry-run');
  const course = report.items.find((i) => i.recordId === withShare)!;
  const file = join(scratch, 'course.webm');
  await moot.cli(['recording', 'export', course.recordingId!, file, '--json']);
  const played = probe(file);
  assert.deepEqual(played.kinds.sort(), ['audio', 'video']);
  // The bars of the share fill the frame; the cameras' test picture sits in the bottom right corner.
  const pixel = (x: number, y: number) =>
    execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', file, '-frames:v', '1', '-vf', `crop=1:1:${x}:${y},format=rgb24`, '-f', 'rawvideo', '-']);
  assert.notDeepEqual(pixel(40, 40), pixel(600, 320), 'two different pictures in one frame');
  assert.ok(pixel(40, 40).some((v) => v > 100), 'the share is not black');
});

test("BigBlueButton's own composed video (the video format) is kept as it is", async () => {
  const report = await runImport('--dry-run');
  const secondWeek = report.items.find((i) => i.recordId === composed)!;
  assert.equal(secondWeek.name, 'Seminar, second week');
  const file = join(scratch, 'second-week.mp4');
  await moot.cli(['recording', 'export', secondWeek.recordingId!, file, '--json']);
  assert.ok(readFileSync(file).equals(readFileSync(join(published, 'video', composed, 'video-0.m4v'))));
});

test('a second run skips what came over', async () => {
  const before = await moot.cli<{ id: string }[]>(['recording', 'list', '--json']);
  const report = await runImport();
  assert.deepEqual(report.summary, { imported: 0, 'would-import': 0, skipped: 4, failed: 0 });
  assert.equal(report.items.filter((i) => i.reason === 'imported before').length, 3);
  assert.deepEqual(await moot.cli(['recording', 'list', '--json']), before);
});
