// Listeners (browsers without WebRTC, "Listen and chat") in the meeting core: the same door,
// the same moderation, the same roster and chat as everyone, but no place in the media.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { MeetingRole } from '@moot/protocol';
import pino from 'pino';
import { FakeDriver } from '../media/fake-driver.ts';
import { Meetings, type Arrival, type Entered } from './meetings.ts';
import { arrival, testRoom as room } from './meeting.fixture.ts';
import { Moderation } from './moderation.ts';
import type { Meeting } from './meeting.ts';
import type { Participant } from './participant.ts';

const log = pino({ level: 'silent' });

/** A listener arrives with nothing to send; others as in the meeting core's tests. */
const arrivalOf = (name: string, role: MeetingRole, kind: Arrival['kind']) => arrival(name, role, kind === 'listener' ? { kind, audioMuted: true, videoMuted: true } : { kind });

let driver: FakeDriver;
let meetings: Meetings;
let moderation: Moderation;

beforeEach(() => {
  driver = new FakeDriver();
  meetings = new Meetings(driver, { participantTimeoutSeconds: 30, chatHistory: 100, iceServers: [] }, log);
  moderation = new Moderation(meetings);
});

function entered(e: Entered): { meeting: Meeting; participant: Participant } {
  assert.equal(e.ok, true, `expected to enter, got ${JSON.stringify(e)}`);
  return e as { ok: true; meeting: Meeting; participant: Participant };
}

async function enter(name: string, role: MeetingRole, kind: Arrival['kind'] = 'browser', r = room()) {
  const who = arrivalOf(name, role, kind);
  return { ...entered(await meetings.admit(r, who)), link: who.link };
}

const settle = () => new Promise((r) => setImmediate(r));

test('a listener is in the participant list, shown as listening and muted, for others and in their own joined', async () => {
  const olga = await enter('Olga', 'moderator');
  const lena = await enter('Lena', 'guest', 'listener');
  const seen = olga.link.last('participantJoined')!.participant;
  assert.equal(seen.name, 'Lena');
  assert.equal(seen.listening, true);
  assert.equal(seen.audioMuted, true);
  assert.equal(seen.videoMuted, true);
  const own = lena.link.last('joined')!;
  assert.equal(own.self.listening, true);
  assert.deepEqual(own.participants.map((p) => [p.name, p.listening ?? false]), [['Lena', true], ['Olga', false]]);
});

test('a listener takes no seat in the mix and is subscribed to no video, even when others publish', async () => {
  const olga = await enter('Olga', 'moderator');
  const lena = await enter('Lena', 'guest', 'listener');
  await olga.meeting.media.publishAudio(olga.participant, 'offer');
  await olga.meeting.media.publishVideo(olga.participant, 'camera', 'offer');
  driver.rooms[0]!.publishers[0]!.mediaUp();
  lena.meeting.media.setView(lena.participant, { tiles: [{ participantId: olga.participant.id, source: 'camera', height: 360 }], audioOnly: false });
  await settle();
  assert.equal(driver.rooms[0]!.seats.length, 1, 'only the moderator’s seat');
  assert.equal(driver.rooms[0]!.subscribers.length, 0);
  assert.equal(lena.link.last('offer'), undefined);
});

test('a listener chats and raises a hand like anyone', async () => {
  const olga = await enter('Olga', 'moderator');
  const lena = await enter('Lena', 'guest', 'listener');
  lena.meeting.postChat(lena.participant, 'Hello from the stream');
  assert.equal(olga.link.last('chat')!.message.text, 'Hello from the stream');
  lena.meeting.setHand(lena.participant, true);
  assert.notEqual(olga.link.last('participantUpdated')!.participant.handRaisedAt, null);
});

test('listeners wait in the lobby where the room says so, and in a locked meeting', async () => {
  await enter('Olga', 'moderator', 'browser', room({ lobby: 'guests' }));
  assert.deepEqual(await meetings.admit(room({ lobby: 'guests' }), arrivalOf('Lena', 'guest', 'listener')), { ok: 'waiting' });
  const live = meetings.liveOf(meetings.meetingOf('room-1')!)!;
  live.meeting.locked = true;
  assert.deepEqual(await meetings.admit(room(), arrivalOf('Paul', 'participant', 'listener')), { ok: 'waiting' });
});

test('a listener counts towards the room size', async () => {
  const small = room({ max_participants: 1 });
  await enter('Lena', 'guest', 'listener', small);
  assert.deepEqual(await meetings.admit(small, arrival('Olga', 'moderator')), { ok: false, code: 'room-full' });
});

test('a removed listener is told, leaves the stream, and must be let in to come back', async () => {
  const olga = await enter('Olga', 'moderator');
  const lena = await enter('Lena', 'guest', 'listener');
  const leftStream: string[] = [];
  olga.meeting.listening = { left: (p) => void leftStream.push(p.name), moved: () => undefined, mediaReset: () => undefined, end: async () => undefined };
  assert.equal(await moderation.act(olga.meeting, olga.participant, 'remove', lena.participant.id), undefined);
  assert.deepEqual(lena.link.last('meetingEnded'), { type: 'meetingEnded', reason: 'removed', by: 'Olga' });
  assert.deepEqual(leftStream, ['Lena']);
  assert.deepEqual(await meetings.admit(room(), arrivalOf('Lena', 'guest', 'listener')), { ok: 'waiting' });
});

test("the meeting's end ends its listeners' stream", async () => {
  const olga = await enter('Olga', 'moderator');
  await enter('Lena', 'guest', 'listener');
  let ended = false;
  olga.meeting.listening = { left: () => undefined, moved: () => undefined, mediaReset: () => undefined, end: async () => void (ended = true) };
  await meetings.end(olga.meeting, 'ended-by-moderator', 'Olga');
  assert.equal(ended, true);
});
