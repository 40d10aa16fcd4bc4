// The meeting core against an in-memory media driver: admission, the lobby, moderation, the
// renegotiation queue, layer choice, grace timers and a media-server restart, in milliseconds.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { MeetingRole, ServerMessage } from '@moot/protocol';
import pino from 'pino';
import { FakeDriver, type FakeRooms, type FakeSubscriber } from '../media/fake-driver.ts';
import { Meetings, type Arrival, type Entered } from './meetings.ts';
import { arrival, Inbox, testRoom as room } from './meeting.fixture.ts';
import { Moderation } from './moderation.ts';
import type { Meeting } from './meeting.ts';
import type { Participant } from './participant.ts';

const log = pino({ level: 'silent' });
const GRACE_SECONDS = 30;

/** Lets queued promise chains (the subscription's queue) run. */
const settle = () => new Promise((r) => setImmediate(r));

let driver: FakeDriver;
let meetings: Meetings;
let moderation: Moderation;

beforeEach(() => {
  driver = new FakeDriver();
  meetings = new Meetings(driver, { participantTimeoutSeconds: GRACE_SECONDS, chatHistory: 100, iceServers: [] }, log);
  moderation = new Moderation(meetings);
});

function entered(e: Entered): { meeting: Meeting; participant: Participant } {
  assert.equal(e.ok, true, `expected to enter, got ${JSON.stringify(e)}`);
  return e as { ok: true; meeting: Meeting; participant: Participant };
}

async function enter(name: string, role: MeetingRole, r = room(), extra: Partial<Arrival> = {}) {
  const who = arrival(name, role, extra);
  return { ...entered(await meetings.admit(r, who)), link: who.link };
}

describe('admission', () => {
  test('the first member starts the meeting with its media rooms and is told who is there', async () => {
    const olga = await enter('Olga', 'moderator');
    assert.equal(driver.rooms.length, 1);
    assert.equal(driver.rooms[0]!.maxPublishers, 20, 'a camera and a screen per possible participant');
    const joined = olga.link.last('joined')!;
    assert.equal(joined.self.name, 'Olga');
    assert.equal(joined.resumed, false);
    assert.equal(meetings.live('room-1'), 1);
  });

  test('a second member sees the first, and the first hears of the second', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    assert.deepEqual(bob.link.last('joined')!.participants.map((p) => p.name), ['Bob', 'Olga']);
    assert.equal(olga.link.last('participantJoined')!.participant.name, 'Bob');
    assert.equal(driver.rooms.length, 1, 'one meeting, one set of rooms');
  });

  test('a full room refuses the next person', async () => {
    const small = room({ max_participants: 1 });
    await enter('Olga', 'moderator', small);
    const refused = await meetings.admit(small, arrival('Bob', 'participant'));
    assert.deepEqual(refused, { ok: false, code: 'room-full' });
  });

  test('with the media server down nobody enters and no meeting is left behind', async () => {
    driver.state = 'down';
    const refused = await meetings.admit(room(), arrival('Olga', 'moderator'));
    assert.deepEqual(refused, { ok: false, code: 'media-unavailable' });
    assert.equal(meetings.live('room-1'), 0);
  });

  test('people entering a meeting above the room size arrive muted', async () => {
    const r = room({ join_muted_above: 1 });
    await enter('Olga', 'moderator', r);
    const bob = await enter('Bob', 'participant', r);
    assert.equal(bob.participant.audioMuted, true);
  });

  test('a plain-RTP member sits in the mix and appears in the roster like anyone else', async () => {
    const olga = await enter('Olga', 'moderator');
    const phone = await enter('Phone 1234', 'guest', room(), { kind: 'rtp' });
    const mixer = await phone.meeting.media.seatRtp(phone.participant, { host: '127.0.0.1', port: 5004, payloadType: 111 });
    const seat = driver.rooms[0]!.seats[0]!;
    assert.deepEqual(seat.rtp, { host: '127.0.0.1', port: 5004, payloadType: 111 });
    assert.deepEqual(mixer, seat.mixer);
    assert.equal(olga.link.last('participantJoined')!.participant.name, 'Phone 1234');
    // A member without a screen is never subscribed to video.
    assert.equal(driver.rooms[0]!.subscribers.length, 0);
  });
});

describe('the end of a meeting', () => {
  test('is announced once when the last person leaves and once when a moderator ends it', async () => {
    const ended: string[] = [];
    meetings.onEnded((roomId) => ended.push(roomId));
    const olga = await enter('Olga', 'moderator');
    await meetings.leave(olga.meeting, olga.participant);
    assert.deepEqual(ended, ['room-1']);
    const again = await enter('Olga', 'moderator');
    await enter('Bob', 'participant');
    await meetings.end(again.meeting, 'ended-by-moderator');
    assert.deepEqual(ended, ['room-1', 'room-1'], 'the second meeting of the same room is announced too');
    await meetings.endRoom('room-1');
    assert.equal(ended.length, 2, 'nothing more once it is over');
  });
});

describe('the lobby', () => {
  test('guests wait when the room says so; a moderator admits them and they are in', async () => {
    const r = room({ lobby: 'guests' });
    const olga = await enter('Olga', 'moderator', r);
    const admitted = mock.fn();
    const gina = arrival('Gina', 'guest', { admitted });
    assert.deepEqual(await meetings.admit(r, gina), { ok: 'waiting' });
    assert.equal(gina.link.last('waiting')!.roomName, 'Weekly');
    const waiting = olga.link.last('lobby')!.waiting;
    assert.deepEqual(waiting.map((w) => w.name), ['Gina']);
    assert.equal(meetings.answerLobby(olga.meeting, waiting[0]!.id, true), undefined);
    assert.equal(admitted.mock.callCount(), 1);
    assert.equal(gina.link.last('joined')!.self.name, 'Gina');
    assert.deepEqual(olga.link.last('lobby')!.waiting, []);
  });

  test('a denied person is told so and does not enter', async () => {
    const r = room({ lobby: 'everyone' });
    const olga = await enter('Olga', 'moderator', r);
    const bob = arrival('Bob', 'participant');
    await meetings.admit(r, bob);
    meetings.answerLobby(olga.meeting, olga.link.last('lobby')!.waiting[0]!.id, false);
    assert.equal(bob.link.last('error')!.code, 'lobby-denied');
    assert.equal(olga.meeting.size, 1);
  });

  test('someone who closes their page while waiting leaves the lobby', async () => {
    const r = room({ lobby: 'everyone' });
    const olga = await enter('Olga', 'moderator', r);
    const bob = arrival('Bob', 'participant');
    await meetings.admit(r, bob);
    meetings.leftLobby(bob.link);
    assert.deepEqual(olga.link.last('lobby')!.waiting, []);
  });

  test('answering an entry that is gone is an error, not a crash', async () => {
    const olga = await enter('Olga', 'moderator');
    assert.equal(meetings.answerLobby(olga.meeting, 'nobody', true), 'not-found-participant');
  });
});

describe('moderation', () => {
  test('a muted participant is muted in the mixer too and told who did it', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await bob.meeting.media.publishAudio(bob.participant, 'offer');
    assert.equal(await moderation.act(olga.meeting, olga.participant, 'mute', bob.participant.id), undefined);
    const seat = driver.rooms[0]!.seats.find((s) => s.display === bob.participant.id)!;
    assert.equal(seat.muted, true);
    assert.deepEqual(bob.link.last('mutedBy'), { type: 'mutedBy', by: 'Olga', kind: 'audio' });
  });

  test('a stopped camera stops being forwarded', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await bob.meeting.media.publishVideo(bob.participant, 'camera', 'offer');
    await moderation.act(olga.meeting, olga.participant, 'stopVideo', bob.participant.id);
    assert.equal(driver.rooms[0]!.publishers[0]!.forwarding, false);
  });

  test('a removed person is told, leaves, and waits in the lobby when they come back', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await moderation.act(olga.meeting, olga.participant, 'remove', bob.participant.id);
    assert.deepEqual(bob.link.last('meetingEnded'), { type: 'meetingEnded', reason: 'removed', by: 'Olga' });
    assert.equal(olga.meeting.roster.get(bob.participant.id), undefined);
    assert.deepEqual(await meetings.admit(room(), arrival('Bob', 'participant')), { ok: 'waiting' });
    assert.equal(meetings.resume(new Inbox(), bob.participant.resumeToken).ok, false, 'the old resume token is dead');
  });

  test("the room's owner can be neither removed nor demoted", async () => {
    const olga = await enter('Olga', 'moderator', room(), { userId: 'owner' });
    const mo = await enter('Mo', 'moderator');
    assert.equal(await moderation.act(mo.meeting, mo.participant, 'remove', olga.participant.id), 'forbidden');
    assert.equal(await moderation.act(mo.meeting, mo.participant, 'demote', olga.participant.id), 'forbidden');
    assert.equal(olga.participant.role, 'moderator');
  });

  test('a promoted guest who is demoted is a guest again, and the promotion shows the lobby', async () => {
    const r = room({ lobby: 'guests' });
    const olga = await enter('Olga', 'moderator', r);
    assert.deepEqual(await meetings.admit(r, arrival('Gus', 'guest')), { ok: 'waiting' });
    meetings.answerLobby(olga.meeting, olga.link.last('lobby')!.waiting[0]!.id, true);
    const guest = olga.meeting.roster.all().find((p) => p.name === 'Gus')!;
    await moderation.act(olga.meeting, olga.participant, 'promote', guest.id);
    assert.equal(guest.role, 'moderator');
    await moderation.act(olga.meeting, olga.participant, 'demote', guest.id);
    assert.equal(guest.role, 'guest');
  });

  test('mute everyone spares the moderator and those already muted', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    const cy = await enter('Cy', 'participant', room(), { audioMuted: true });
    await moderation.muteAll(olga.meeting, olga.participant);
    assert.equal(olga.participant.audioMuted, false);
    assert.equal(bob.participant.audioMuted, true);
    assert.equal(bob.link.of('mutedBy').length, 1);
    assert.equal(cy.link.of('mutedBy').length, 0);
  });

  test('a locked meeting sends newcomers to the lobby, but not moderators', async () => {
    const olga = await enter('Olga', 'moderator');
    moderation.setLocked(olga.meeting, true, olga.participant);
    assert.deepEqual(await meetings.admit(room(), arrival('Bob', 'participant')), { ok: 'waiting' });
    assert.equal((await meetings.admit(room(), arrival('Mo', 'moderator'))).ok, true);
  });
});

describe('video subscriptions', () => {
  async function withCamera() {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await olga.meeting.media.publishVideo(olga.participant, 'camera', 'offer');
    const rooms: FakeRooms = driver.rooms[0]!;
    return { olga, bob, rooms, publisher: rooms.publishers[0]! };
  }

  test('a camera is offered to others only once its media flows', async () => {
    const { olga, bob, rooms, publisher } = await withCamera();
    await settle();
    assert.equal(rooms.subscribers.length, 0);
    publisher.mediaUp();
    await settle();
    const sub: FakeSubscriber = rooms.subscribers[0]!;
    assert.deepEqual(sub.feeds, [publisher.feedId]);
    const offer = bob.link.last('offer')!;
    assert.deepEqual(offer.streams, [{ mid: `m${publisher.feedId}`, participantId: olga.participant.id, source: 'camera', kind: 'video' }]);
  });

  test('renegotiations run one at a time: the next waits for the answer to the last offer', async () => {
    const { olga, bob, rooms, publisher } = await withCamera();
    publisher.mediaUp();
    await settle();
    const sub = rooms.subscribers[0]!;
    assert.equal(sub.updates.length, 1);
    // Bob's page shows nothing, then Olga again, while the first offer is unanswered.
    bob.meeting.media.setView(bob.participant, { tiles: [], audioOnly: false });
    await settle();
    assert.equal(sub.updates.length, 1, 'no second offer before the answer');
    assert.equal(bob.meeting.media.answer(bob.participant, 'answer-1'), true);
    await settle();
    assert.deepEqual(sub.answers, ['answer-1']);
    assert.deepEqual(sub.updates[1], { add: [], drop: [publisher.feedId] });
    assert.equal(bob.meeting.media.answer(olga.participant, 'stray'), false, 'nothing waits for an answer from Olga');
  });

  test('the layer follows the tile height and drops one step on a slow link', async () => {
    const { olga, bob, rooms, publisher } = await withCamera();
    publisher.mediaUp();
    await settle();
    bob.meeting.media.answer(bob.participant, 'a1');
    await settle();
    const sub = rooms.subscribers[0]!;
    const mid = `m${publisher.feedId}`;
    bob.meeting.media.setView(bob.participant, { tiles: [{ participantId: olga.participant.id, source: 'camera', height: 720 }], audioOnly: false });
    await settle();
    assert.equal(sub.layers.get(mid), 2);
    assert.deepEqual(bob.link.last('videoLayers')!.layers, [{ participantId: olga.participant.id, layer: 'high', reason: null }]);
    sub.events.slowLink();
    await settle();
    assert.equal(sub.layers.get(mid), 1);
    assert.deepEqual(bob.link.last('videoLayers')!.layers, [{ participantId: olga.participant.id, layer: 'medium', reason: 'bandwidth' }]);
    bob.meeting.media.setView(bob.participant, { tiles: [{ participantId: olga.participant.id, source: 'camera', height: 100 }], audioOnly: false });
    await settle();
    assert.equal(sub.layers.get(mid), 0);
  });

  test('audio-only receives no video at all', async () => {
    const { bob, rooms, publisher } = await withCamera();
    bob.meeting.media.setView(bob.participant, { tiles: [], audioOnly: true });
    publisher.mediaUp();
    await settle();
    assert.equal(rooms.subscribers.length, 0);
  });
});

describe('talking', () => {
  test('the mixer’s voice activity marks the speaker, but never a muted one', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await bob.meeting.media.publishAudio(bob.participant, 'offer');
    const seat = driver.rooms[0]!.seats[0]!;
    driver.rooms[0]!.events.talking(seat.seatId, true);
    assert.equal(bob.participant.speaking, true);
    assert.ok(bob.participant.lastSpokeAt);
    assert.equal(olga.link.last('participantUpdated')!.participant.speaking, true);
    driver.rooms[0]!.events.talking(seat.seatId, false);
    await bob.meeting.setMuted(bob.participant, 'audio', true);
    driver.rooms[0]!.events.talking(seat.seatId, true);
    assert.equal(bob.participant.speaking, false);
  });
});

describe('connections that drop', () => {
  afterEach(() => mock.timers.reset());

  test('a dropped member keeps their place through the grace period and resumes it', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    meetings.disconnected(bob.meeting, bob.participant);
    assert.equal(olga.link.last('participantUpdated')!.participant.connected, false);
    mock.timers.tick(GRACE_SECONDS * 1000 - 1);
    const again = new Inbox();
    const resumed = entered(meetings.resume(again, bob.participant.resumeToken));
    assert.equal(resumed.participant, bob.participant);
    assert.equal(again.last('joined')!.resumed, true);
    mock.timers.tick(10 * GRACE_SECONDS * 1000);
    assert.ok(olga.meeting.roster.get(bob.participant.id), 'the resumed member stays');
  });

  test('a member who does not come back in time leaves, and the last one out ends the meeting', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    meetings.disconnected(bob.meeting, bob.participant);
    mock.timers.tick(GRACE_SECONDS * 1000);
    await settle();
    assert.equal(olga.link.last('participantLeft')!.id, bob.participant.id);
    assert.equal(meetings.resume(new Inbox(), bob.participant.resumeToken).ok, false);
    meetings.disconnected(olga.meeting, olga.participant);
    mock.timers.tick(GRACE_SECONDS * 1000);
    await settle();
    await settle();
    assert.equal(meetings.live('room-1'), 0);
    assert.equal(driver.rooms[0]!.destroyed, true, 'an empty meeting frees its media rooms');
  });

  test('after an ended meeting, a resume token says the meeting ended', async () => {
    const olga = await enter('Olga', 'moderator');
    await meetings.end(olga.meeting, 'ended-by-moderator', 'Olga');
    assert.deepEqual(meetings.resume(new Inbox(), olga.participant.resumeToken), { ok: false, code: 'meeting-ended' });
    assert.deepEqual(meetings.resume(new Inbox(), 'never-issued-token'), { ok: false, code: 'resume-failed' });
  });
});

describe('a media server restart', () => {
  test('new rooms are made and every member is asked to publish again', async () => {
    const olga = await enter('Olga', 'moderator');
    await olga.meeting.media.publishAudio(olga.participant, 'offer');
    driver.restart();
    await settle();
    await settle();
    assert.equal(driver.rooms.length, 2);
    assert.ok(olga.link.last('mediaReset'));
    await olga.meeting.media.publishAudio(olga.participant, 'offer');
    assert.equal(driver.rooms[1]!.seats.length, 1, 'the new seat is in the new rooms');
  });

  test('when only some rooms are lost, only their meeting is rebuilt', async () => {
    const olga = await enter('Olga', 'moderator', room({ id: 'room-a' }));
    const piet = await enter('Piet', 'moderator', room({ id: 'room-b' }));
    assert.equal(driver.rooms.length, 2);
    driver.lose([driver.rooms[0]!]);
    await settle();
    await settle();
    assert.equal(driver.rooms.length, 3, 'one meeting got new rooms');
    assert.ok(olga.link.last('mediaReset'));
    assert.equal(piet.link.last('mediaReset'), undefined, 'the other meeting kept its media');
  });
});
