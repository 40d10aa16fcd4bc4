// The audience's program against the in-memory media driver: when it starts and stops, what feeds
// it, who watches it, and how members move between the audience and a seat.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { MeetingRole } from '@moot/protocol';
import pino from 'pino';
import { FakeDriver, type FakePublisher, type FakeRooms, type FakeSeat } from '../media/fake-driver.ts';
import { Meetings, type Arrival, type Entered } from '../meetings/meetings.ts';
import { arrival, testRoom } from '../meetings/meeting.fixture.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';

const log = pino({ level: 'silent' });

let driver: FakeDriver;
let meetings: Meetings;

beforeEach(() => {
  driver = new FakeDriver();
  meetings = new Meetings(driver, { participantTimeoutSeconds: 30, chatHistory: 100, iceServers: [] }, log);
});

afterEach(async () => {
  await meetings.endAll();
});

async function enter(name: string, role: MeetingRole, extra: Partial<Arrival> = {}, room = testRoom()) {
  const who = arrival(name, role, extra);
  const e: Entered = await meetings.admit(room, who);
  assert.equal(e.ok, true, `expected to enter, got ${JSON.stringify(e)}`);
  const { meeting, participant } = e as { meeting: Meeting; participant: Participant };
  return { meeting, participant, link: who.link };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(ok(), `timed out waiting until ${what}`);
}

const rooms = (): FakeRooms => driver.rooms.at(-1)!;

describe('the audience', () => {
  test('moving a member into the audience releases their seat and camera, tells their page, and starts the program', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await bob.meeting.media.publishAudio(bob.participant, 'offer-sdp-audio');
    await bob.meeting.media.publishVideo(bob.participant, 'camera', 'offer-sdp-camera');
    const seat = rooms().seats[0] as FakeSeat;
    const camera = rooms().publishers[0] as FakePublisher;

    await bob.meeting.setAudience(bob.participant, true);

    assert.equal(seat.closed, true, 'the mixer seat is given up');
    assert.equal(camera.closed, true, 'the camera publisher is closed');
    assert.equal(bob.participant.audience, true);
    assert.equal(bob.participant.audioMuted, true, 'the list shows the audience as not heard');
    assert.deepEqual(bob.link.last('audienceMoved'), { type: 'audienceMoved', audience: true });
    assert.equal(olga.link.last('participantUpdated')!.participant.audience, true, 'the others see Bob in the audience');
    await until('the program runs', () => rooms().programs.length === 1 && rooms().mixForwards.length === 1);
    const program = rooms().programs[0]!;
    const mixTarget = rooms().mixForwards[0]!.target;
    assert.equal(mixTarget.host, '127.0.0.1', 'the mix goes to moot’s packing relay, on loopback');
    assert.notEqual(mixTarget.port, program.audio.port, 'not straight into the channel: it is packed three frames a packet first');
    assert.equal(mixTarget.payloadType, program.audio.payloadType);
  });

  test('a viewer gets the media server’s offer, and its answer reaches the media server; a second watch replaces the first', async () => {
    await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await bob.meeting.setAudience(bob.participant, true);

    const offer = await bob.meeting.audience.watch(bob.participant);
    const program = rooms().programs[0]!;
    const first = program.viewers[0]!;
    assert.equal(offer, first.offer);
    assert.equal(await bob.meeting.audience.answer(bob.participant, 'answer-sdp'), true);
    assert.deepEqual(first.answers, ['answer-sdp']);

    await bob.meeting.audience.watch(bob.participant);
    await until('the first viewer closes', () => first.closed);
    assert.equal(program.viewers.length, 2);
    assert.equal(rooms().programs.length, 1, 'one program for the meeting, however often one watches');
  });

  test('the program shows a seated member’s camera, never an audience member', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await olga.meeting.media.publishVideo(olga.participant, 'camera', 'offer-sdp-camera');
    await bob.meeting.media.publishVideo(bob.participant, 'camera', 'offer-sdp-camera');
    const [camera, bobsCamera] = rooms().publishers as [FakePublisher, FakePublisher];
    // Bob spoke last: seated, his camera would be the one shown.
    bob.participant.lastSpokeAt = new Date().toISOString();

    await bob.meeting.setAudience(bob.participant, true);

    await until('the camera is forwarded', () => camera.forwards.length > 0);
    assert.equal(bobsCamera.forwards.length, 0);
    assert.equal(camera.forwards[0]!.target.host, '127.0.0.1');
    assert.equal(camera.forwards[0]!.target.payloadType, rooms().programs[0]!.video.payloadType);
  });

  test('the last member of the audience leaving stops the mix forwarder and removes the channel', async () => {
    await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    const carol = await enter('Carol', 'participant');
    await bob.meeting.setAudience(bob.participant, true);
    await carol.meeting.setAudience(carol.participant, true);
    await until('the program runs', () => rooms().programs.length === 1);
    const program = rooms().programs[0]!;

    await meetings.leave(bob.meeting, bob.participant);
    assert.equal(program.destroyed, false, 'Carol still watches');
    await meetings.leave(carol.meeting, carol.participant);
    await until('the program stops', () => program.destroyed);
    assert.equal(rooms().mixForwards[0]!.stopped, true);
    assert.equal(bob.meeting.audience.running, false);
  });

  test('taking a seat closes the member’s viewer, tells their page, and with the last one stops the program', async () => {
    await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await bob.meeting.setAudience(bob.participant, true);
    await bob.meeting.audience.watch(bob.participant);
    const program = rooms().programs[0]!;

    await bob.meeting.setAudience(bob.participant, false);

    assert.equal(bob.participant.audience, false);
    assert.deepEqual(bob.link.last('audienceMoved'), { type: 'audienceMoved', audience: false });
    await until('the program stops', () => program.destroyed);
    assert.equal(program.viewers[0]!.closed, true);
    assert.equal(await bob.meeting.audience.watch(bob.participant), undefined, 'a seated member has no program to watch');
    assert.equal(rooms().programs.length, 1, 'and asking starts none');
  });

  test('the meeting’s end stops the program', async () => {
    const olga = await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await bob.meeting.setAudience(bob.participant, true);
    await until('the program runs', () => rooms().programs.length === 1);

    await meetings.end(olga.meeting, 'ended-by-moderator', 'Olga');

    assert.equal(rooms().programs[0]!.destroyed, true);
    assert.equal(rooms().mixForwards[0]!.stopped, true);
  });

  test('after a media server restart the program is made again on the new rooms', async () => {
    await enter('Olga', 'moderator');
    const bob = await enter('Bob', 'participant');
    await bob.meeting.setAudience(bob.participant, true);
    await until('the program runs', () => rooms().programs.length === 1);
    const before = rooms();

    driver.restart();

    await until('new rooms hold a new program', () => rooms() !== before && rooms().programs.length === 1);
    assert.equal(rooms().mixForwards.length, 1);
    assert.deepEqual(bob.link.last('mediaReset'), { type: 'mediaReset' }, 'the page watches again after the reset');
  });

  test('in a room whose people join as audience, members and guests watch the program and moderators take a seat', async () => {
    const bigEvent = testRoom({ join_as_audience: 1 });
    const olga = await enter('Olga', 'moderator', {}, bigEvent);
    const bob = await enter('Bob', 'participant', {}, bigEvent);
    const gus = await enter('Gus', 'guest', {}, bigEvent);

    assert.equal(olga.participant.audience, false);
    assert.equal(bob.link.last('joined')!.self.audience, true, 'Bob’s page knows from the start');
    assert.equal(gus.participant.audience, true);
    assert.equal(gus.participant.audioMuted, true);
    assert.equal(olga.link.last('participantJoined')!.participant.audience, true, 'the others see the audience as such');
    await until('the program runs', () => rooms().programs.length === 1);
  });

  test('a phone caller cannot be moved into the audience', async () => {
    await enter('Olga', 'moderator');
    const caller = await enter('Caller', 'guest', { kind: 'rtp' });
    await assert.rejects(caller.meeting.setAudience(caller.participant, true));
    assert.equal(caller.participant.audience, false);
  });
});
