// A stage event in a meeting on the in-memory media driver: what each place means for the mix
// and the cameras, and the refusals an attacker meets.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
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

let started: Meeting[] = [];

beforeEach(() => {
  driver = new FakeDriver();
  meetings = new Meetings(driver, { participantTimeoutSeconds: 30, chatHistory: 100, iceServers: [] }, log);
});

// The audience's program checks its picture every second while the meeting runs.
afterEach(async () => {
  await Promise.all(started.map((m) => m.end()));
  started = [];
});

async function enter(name: string, role: MeetingRole) {
  const who = arrival(name, role);
  const e: Entered = await meetings.admit(testRoom(), who);
  assert.equal(e.ok, true);
  const { meeting, participant } = e as { meeting: Meeting; participant: Participant };
  started.push(meeting);
  // Everyone talks and shows their camera before the event starts.
  await meeting.media.publishAudio(participant, 'offer');
  await meeting.media.publishVideo(participant, 'camera', 'offer');
  return { meeting, participant, link: who.link };
}

/** The member's latest seat and camera (a move out of the audience opens new ones). */
const seatOf = (name: string) => driver.rooms[0]!.seats.filter((s: FakeSeat) => s.display === ids.get(name)).at(-1)!;
const cameraOf = (name: string) => driver.rooms[0]!.publishers.filter((p: FakePublisher) => p.display === `${ids.get(name)}:camera`).at(-1)!;

/** What the page does after `audienceMoved` to a seat: publish its microphone and camera again. */
async function seatedAgain(p: { meeting: Meeting; participant: Participant; link: { last: (t: 'audienceMoved') => unknown } }) {
  assert.deepEqual(p.link.last('audienceMoved'), { type: 'audienceMoved', audience: false });
  await p.meeting.media.publishAudio(p.participant, 'offer');
  await p.meeting.media.publishVideo(p.participant, 'camera', 'offer');
}
const ids = new Map<string, string>();
const settle = () => new Promise((r) => setImmediate(r));

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

test('stage mode sends everyone but the moderators out of the mix into the program’s audience; nobody can unmute from the audience', async () => {
  const { meeting, olga, ann, bob, aud } = await event();
  assert.equal(seatOf('Olga').muted, false);
  assert.equal(cameraOf('Olga').forwarding, true);
  for (const [name, p] of Object.entries({ Ann: ann, Bob: bob, Aud: aud })) {
    assert.equal(p.participant.audience, true, `${name} watches the program`);
    assert.deepEqual(p.link.last('audienceMoved'), { type: 'audienceMoved', audience: true });
    assert.equal(seatOf(name).closed, true, `${name}'s seat`);
    assert.equal(cameraOf(name).closed, true, `${name}'s camera`);
    assert.equal(p.participant.audioMuted, true);
  }
  assert.equal(await meeting.setMuted(aud.participant, 'audio', false), 'stage-held');
  assert.equal(await meeting.setMuted(aud.participant, 'video', false), 'stage-held');
  assert.equal(aud.link.last('stage')?.stage?.stage[0], olga.participant.id);
});

test('backstage is held muted and unseen even with its camera on; on stage the speaker may unmute and is forwarded', async () => {
  const { meeting, ann, bob, ok, olga } = await event();
  await ok(olga.participant, { type: 'stageQueueAdd', participantId: ann.participant.id, title: 'Rust', minutes: 3 });
  await ok(olga.participant, { type: 'stageQueueAdd', participantId: bob.participant.id, title: 'Zig' });
  // Backstage takes a seat again, to hear the stage: held muted.
  assert.equal(ann.participant.audience, false);
  await seatedAgain(ann);
  assert.equal(seatOf('Ann').muted, true);
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
  await seatedAgain(ann);
  assert.equal(await meeting.setMuted(ann.participant, 'audio', false), undefined);
  await ok(ann.participant, { type: 'stagePassMic' });
  assert.equal(ann.participant.audience, true, 'back in the audience');
  assert.equal(seatOf('Ann').closed, true);
  assert.equal(ann.participant.audioMuted, true);
  await seatedAgain(bob);
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

test('a late joiner enters the audience muted and is shown the event; turning it off seats everyone again, muted, and holds nobody', async () => {
  const { meeting, olga, ok } = await event();
  const who = arrival('Late', 'participant');
  const late = (await meetings.admit(testRoom(), who)) as { meeting: Meeting; participant: Participant };
  assert.equal(late.participant.audioMuted, true, 'muted before anyone sees them');
  assert.equal(olga.link.last('participantJoined')!.participant.audioMuted, true);
  assert.equal(late.participant.audience, true);
  assert.equal(who.link.last('joined')!.self.audience, true, 'the page enters watching the program, never seated first');
  await settle();
  assert.equal(who.link.last('audienceMoved'), undefined, 'no move: they were never seated');
  showStage(meeting, late.participant);
  assert.deepEqual(who.link.last('stage')!.stage!.stage, [olga.participant.id]);
  await ok(olga.participant, { type: 'stageMode', active: false, defaultMinutes: 5 });
  assert.equal(who.link.last('stage')!.stage, null);
  assert.equal(late.participant.audience, false);
  assert.deepEqual(who.link.last('audienceMoved'), { type: 'audienceMoved', audience: false });
  assert.equal(late.participant.audioMuted, true);
  assert.equal(await meeting.setMuted(late.participant, 'audio', false), undefined);
  assert.equal(await handleStage(meeting, olga.participant, { type: 'stagePassMic' }), 'stage-off');
});

test('someone in the audience with a raised hand is brought on stage for a question, with the hand lowered, and back', async () => {
  const { meeting, aud, ok, olga } = await event();
  meeting.setHand(aud.participant, true);
  await ok(olga.participant, { type: 'stageMove', participantId: aud.participant.id, place: 'stage' });
  assert.equal(aud.participant.handRaisedAt, null);
  assert.equal(aud.participant.audience, false);
  await seatedAgain(aud);
  assert.equal(await meeting.setMuted(aud.participant, 'audio', false), undefined, 'the question is heard');
  assert.equal(olga.link.last('stage')!.stage!.current, null, 'a question starts no talk');
  await ok(olga.participant, { type: 'stageMove', participantId: aud.participant.id, place: 'audience' });
  assert.equal(aud.participant.audience, true);
  assert.equal(aud.participant.audioMuted, true);
});
