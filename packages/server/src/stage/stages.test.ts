// A stage event in a meeting on the in-memory media driver: what each place means for the mix
// and the cameras, and the refusals an attacker meets.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { MeetingRole } from '@moot/protocol';
import pino from 'pino';
import { FakeDriver, type FakePublisher, type FakeSeat } from '../media/fake-driver.ts';
import { Meetings, type Entered } from '../meetings/meetings.ts';
import { arrival, testRoom } from '../meetings/meeting.fixture.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { handleStage, showStage } from './stages.ts';

const log = pino({ level: 'silent' });
let driver: FakeDriver;
let meetings: Meetings;

beforeEach(() => {
  driver = new FakeDriver();
  meetings = new Meetings(driver, { participantTimeoutSeconds: 30, chatHistory: 100, iceServers: [] }, log);
});

async function enter(name: string, role: MeetingRole) {
  const who = arrival(name, role);
  const e: Entered = await meetings.admit(testRoom(), who);
  assert.equal(e.ok, true);
  const { meeting, participant } = e as { meeting: Meeting; participant: Participant };
  // Everyone talks and shows their camera before the event starts.
  await meeting.media.publishAudio(participant, 'offer');
  await meeting.media.publishVideo(participant, 'camera', 'offer');
  return { meeting, participant, link: who.link };
}

const seatOf = (name: string) => driver.rooms[0]!.seats.find((s: FakeSeat) => s.display.length > 0 && s.display === ids.get(name))!;
const cameraOf = (name: string) => driver.rooms[0]!.publishers.find((p: FakePublisher) => p.display === `${ids.get(name)}:camera`)!;
const ids = new Map<string, string>();

async function event() {
  const olga = await enter('Olga', 'moderator');
  const ann = await enter('Ann', 'participant');
  const bob = await enter('Bob', 'participant');
  const aud = await enter('Aud', 'guest');
  for (const [name, p] of Object.entries({ Olga: olga, Ann: ann, Bob: bob, Aud: aud })) ids.set(name, p.participant.id);
  const meeting = olga.meeting;
  const ok = async (by: Participant, msg: Parameters<typeof handleStage>[2]) => assert.equal(await handleStage(meeting, by, msg), undefined, msg.type);
  await ok(olga.participant, { type: 'stageMode', active: true, defaultMinutes: 5 });
  return { meeting, olga, ann, bob, aud, ok };
}

test('stage mode mutes everyone but the moderators in the mix and stops forwarding their cameras; nobody can unmute from the audience', async () => {
  const { meeting, olga, aud } = await event();
  assert.equal(seatOf('Olga').muted, false);
  assert.equal(cameraOf('Olga').forwarding, true);
  for (const name of ['Ann', 'Bob', 'Aud']) {
    assert.equal(seatOf(name).muted, true, `${name}'s seat`);
    assert.equal(cameraOf(name).forwarding, false, `${name}'s camera`);
  }
  assert.equal(await meeting.setMuted(aud.participant, 'audio', false), 'stage-held');
  assert.equal(await meeting.setMuted(aud.participant, 'video', false), 'stage-held');
  assert.equal(seatOf('Aud').muted, true);
  assert.equal(aud.link.last('stage')?.stage?.stage[0], olga.participant.id);
});

test('backstage is held muted and unseen even with its camera on; on stage the speaker may unmute and is forwarded', async () => {
  const { meeting, ann, bob, ok, olga } = await event();
  await ok(olga.participant, { type: 'stageQueueAdd', participantId: ann.participant.id, title: 'Rust', minutes: 3 });
  await ok(olga.participant, { type: 'stageQueueAdd', participantId: bob.participant.id, title: 'Zig' });
  assert.equal(await meeting.setMuted(ann.participant, 'audio', false), 'stage-held');
  assert.equal(await meeting.setMuted(ann.participant, 'video', false), undefined, 'backstage checks its camera');
  assert.equal(cameraOf('Ann').forwarding, false, 'but nobody receives it');
  await ok(olga.participant, { type: 'stageMove', participantId: ann.participant.id, place: 'stage' });
  assert.equal(cameraOf('Ann').forwarding, true);
  assert.equal(await meeting.setMuted(ann.participant, 'audio', false), undefined);
  assert.equal(seatOf('Ann').muted, false);
  const view = olga.link.last('stage')!.stage!;
  assert.equal(view.current?.participantId, ann.participant.id);
  assert.equal(view.current?.seconds, 180);
  assert.deepEqual(view.backstage, [bob.participant.id]);
});

test('the current speaker passes the mic: they are muted in the audience and the next speaker is on stage', async () => {
  const { meeting, ann, bob, ok, olga } = await event();
  await ok(olga.participant, { type: 'stageQueueAdd', participantId: ann.participant.id, title: 'Rust' });
  await ok(olga.participant, { type: 'stageQueueAdd', participantId: bob.participant.id, title: 'Zig' });
  await ok(olga.participant, { type: 'stageMove', participantId: ann.participant.id, place: 'stage' });
  await meeting.setMuted(ann.participant, 'audio', false);
  await ok(ann.participant, { type: 'stagePassMic' });
  assert.equal(seatOf('Ann').muted, true);
  assert.equal(ann.participant.audioMuted, true);
  assert.equal(await meeting.setMuted(bob.participant, 'audio', false), undefined);
  assert.equal(olga.link.last('stage')!.stage!.current?.participantId, bob.participant.id);
});

test('attacks: the audience cannot move anyone, queue or end the event; someone who is not the current speaker cannot pass the mic', async () => {
  const { meeting, ann, bob, aud, ok, olga } = await event();
  await ok(olga.participant, { type: 'stageQueueAdd', participantId: ann.participant.id, title: 'Rust' });
  await ok(olga.participant, { type: 'stageQueueAdd', participantId: bob.participant.id, title: 'Zig' });
  await ok(olga.participant, { type: 'stageMove', participantId: ann.participant.id, place: 'stage' });
  const talk = olga.link.last('stage')!.stage!.queue[0]!.id;
  const attacks: Parameters<typeof handleStage>[2][] = [
    { type: 'stageMove', participantId: aud.participant.id, place: 'stage' },
    { type: 'stageMove', participantId: ann.participant.id, place: 'audience' },
    { type: 'stageQueueAdd', participantId: aud.participant.id, title: 'Mine' },
    { type: 'stageQueueMove', talkId: talk, index: 0 },
    { type: 'stageQueueRemove', talkId: talk },
    { type: 'stageMode', active: false, defaultMinutes: 5 },
    { type: 'stagePassMic' },
  ];
  for (const attack of attacks) assert.equal(await handleStage(meeting, aud.participant, attack), 'forbidden', `audience: ${attack.type}`);
  assert.equal(await handleStage(meeting, bob.participant, { type: 'stagePassMic' }), 'forbidden', 'the next speaker is not the current one');
  assert.equal(await handleStage(meeting, ann.participant, { type: 'stageMove', participantId: ann.participant.id, place: 'stage' }), 'forbidden', 'the speaker only passes the mic');
  assert.equal(olga.link.last('stage')!.stage!.current?.participantId, ann.participant.id, 'nothing changed');
  assert.equal(aud.participant.audioMuted, true);
});

test('a late joiner sits muted in the audience and is shown the event; turning it off holds nobody', async () => {
  const { meeting, olga, ok } = await event();
  const late = await enter('Late', 'participant');
  ids.set('Late', late.participant.id);
  assert.equal(late.participant.audioMuted, true);
  assert.equal(seatOf('Late').muted, true, 'the seat opened muted');
  showStage(meeting, late.participant);
  assert.deepEqual(late.link.last('stage')!.stage!.stage, [olga.participant.id]);
  await ok(olga.participant, { type: 'stageMode', active: false, defaultMinutes: 5 });
  assert.equal(late.link.last('stage')!.stage, null);
  assert.equal(await meeting.setMuted(late.participant, 'audio', false), undefined);
  assert.equal(await handleStage(meeting, olga.participant, { type: 'stagePassMic' }), 'stage-off');
});
