// Breakout rooms against the in-memory media driver: each room gets media rooms of its own,
// a member's media moves between plans and their browser is told, and everyone comes back.
import assert from 'node:assert/strict';
import { after, mock, test } from 'node:test';
import type { MeetingRole, ServerMessage } from '@moot/protocol';
import pino from 'pino';
import { FakeDriver, type FakeRooms } from '../media/fake-driver.ts';
import { Meetings } from '../meetings/meetings.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { testRoom } from '../meetings/meeting.fixture.ts';
import type { Principal } from '../policy/policy.ts';
import { BreakoutRooms } from './breakout-rooms.ts';
import { Breakouts } from './breakouts.ts';

const log = pino({ level: 'silent' });
/** Meeting actions are decided by the meeting role; the account behind it does not matter here. */
const anyone: Principal = { kind: 'anonymous' };
const room = testRoom({ owner_name: 'Olga', name: 'Class' });

async function setUp() {
  const driver = new FakeDriver();
  const meetings = new Meetings(driver, { participantTimeoutSeconds: 30, chatHistory: 10, iceServers: [] }, log);
  const inboxes = new Map<string, ServerMessage[]>();
  const enter = async (name: string, role: MeetingRole, kind: 'browser' | 'rtp' | 'listener' = 'browser') => {
    const messages: ServerMessage[] = [];
    const entered = await meetings.admit(room, { name, role, userId: name, guestKey: name, kind, audioMuted: false, videoMuted: false, link: { send: (m) => void messages.push(m) } });
    assert.equal(entered.ok, true);
    const { meeting, participant } = entered as { meeting: Meeting; participant: Participant };
    inboxes.set(participant.id, messages);
    return { meeting, participant, messages };
  };
  return { driver, meetings, enter, breakouts: new Breakouts(log) };
}

test('people moved to breakout rooms publish into rooms of their own and come back when called', async () => {
  const { driver, enter, breakouts } = await setUp();
  const mod = await enter('Mia', 'moderator');
  const ann = await enter('Ann', 'participant');
  const ben = await enter('Ben', 'participant');
  const caller = await enter('Caller', 'participant', 'rtp');
  const listener = await enter('Lena', 'participant', 'listener');
  const meeting = mod.meeting;
  await meeting.media.publishAudio(ann.participant, 'offer');
  const mainRooms = driver.rooms[0] as FakeRooms;

  assert.equal(await breakouts.start(meeting, { rooms: 2, assign: 'manual', minutes: 10, callers: 'stay' }), undefined);
  assert.equal(await breakouts.start(meeting, { rooms: 2, assign: 'manual', minutes: 10, callers: 'stay' }), 'breakouts-running');
  assert.equal(await breakouts.move(meeting, anyone, ann.participant, ann.participant.id, 0), 'breakout-choice-closed', 'people may not choose in a manual round');
  assert.equal(await breakouts.move(meeting, anyone, mod.participant, caller.participant.id, 0), 'breakout-phone');
  assert.equal(await breakouts.move(meeting, anyone, mod.participant, listener.participant.id, 0), 'breakout-phone', 'listeners stay too');
  assert.equal(await breakouts.move(meeting, anyone, mod.participant, ann.participant.id, 5), 'breakout-room-not-found');

  assert.equal(await breakouts.move(meeting, anyone, mod.participant, ann.participant.id, 0), undefined);
  assert.equal(await breakouts.move(meeting, anyone, mod.participant, ben.participant.id, 1), undefined);
  assert.ok(mainRooms.seats[0]?.closed, "Ann's seat in the main mix is closed");
  assert.ok(ann.messages.some((m) => m.type === 'breakoutMoved' && m.room === 0), "Ann's browser is told to move to room 1");
  // Her browser publishes again: the seat opens in room 1's own media rooms, not the main ones.
  await meeting.mediaOf(ann.participant).publishAudio(ann.participant, 'offer');
  await meeting.mediaOf(ben.participant).publishAudio(ben.participant, 'offer');
  const annRooms = driver.rooms.find((r) => r.seats.some((s) => s.display === ann.participant.id && !s.closed));
  const benRooms = driver.rooms.find((r) => r.seats.some((s) => s.display === ben.participant.id && !s.closed));
  assert.ok(annRooms && benRooms && annRooms !== mainRooms && benRooms !== mainRooms && annRooms !== benRooms, 'each room has its own mixer');
  const state = mod.messages.filter((m) => m.type === 'breakouts').at(-1);
  assert.deepEqual(state?.type === 'breakouts' && state.breakouts?.where, { [ann.participant.id]: 0, [ben.participant.id]: 1 });

  assert.equal(breakouts.message(meeting, mod.participant, 'Five minutes left'), undefined);
  assert.ok(ben.messages.some((m) => m.type === 'breakoutMessage' && m.text === 'Five minutes left'));

  assert.equal(await breakouts.end(meeting), undefined);
  assert.ok(ann.messages.some((m) => m.type === 'breakoutMoved' && m.room === null), 'Ann is told to come back');
  assert.equal(meeting.mediaOf(ann.participant), meeting.media);
  assert.ok(annRooms.destroyed && benRooms.destroyed, "the rooms' media is freed");
  assert.deepEqual(caller.messages.filter((m) => m.type === 'breakouts').at(-1), { type: 'breakouts', breakouts: null });
  assert.equal(await breakouts.end(meeting), 'no-breakouts');
});

test('when phone callers and listeners go along, a random round shares them out too, a moderator moves them like anyone, and a listener hears where they are', async () => {
  const { enter, breakouts } = await setUp();
  const mod = await enter('Mia', 'moderator');
  const ann = await enter('Ann', 'participant');
  const caller = await enter('Caller', 'participant', 'rtp');
  const listener = await enter('Lena', 'participant', 'listener');
  const meeting = mod.meeting;
  const moved: string[] = [];
  meeting.listening = { left: () => undefined, moved: (p) => void moved.push(`${p.name} in ${meeting.placeOf(p).options.roomName}`), mediaReset: () => undefined, end: async () => undefined };
  await breakouts.start(meeting, { rooms: 2, assign: 'random', minutes: 10, callers: 'go' });
  const view = () => (meeting.breakouts as unknown as { view(): { callers: string; where: Record<string, number> } }).view();
  assert.equal(view().callers, 'go');
  assert.deepEqual(Object.keys(view().where).sort(), [ann.participant.id, caller.participant.id, listener.participant.id].sort());
  const room = view().where[caller.participant.id]!;
  assert.ok(caller.messages.some((m) => m.type === 'breakoutMoved' && m.room === room), "the caller's gateway is told where the voice goes");
  assert.equal(await breakouts.move(meeting, anyone, mod.participant, caller.participant.id, null), undefined);
  assert.ok(caller.messages.some((m) => m.type === 'breakoutMoved' && m.room === null));
  const listenerRoom = view().where[listener.participant.id]!;
  assert.ok(moved.includes(`Lena in Class: Room ${listenerRoom + 1}`), "the listeners' stream follows the listener into their room");
  assert.equal(meeting.placeOf(listener.participant).roster.get(listener.participant.id), listener.participant);
  await breakouts.end(meeting);
  assert.ok(moved.includes('Lena in Class'), 'and back into the main room');
  assert.equal(meeting.placeOf(listener.participant), meeting);
});

test('a random round shares out everyone but moderators, phone callers and listeners when they stay; in a choosing round people pick', async () => {
  const { enter, breakouts } = await setUp();
  const mod = await enter('Mia', 'moderator');
  const people = [await enter('Ann', 'participant'), await enter('Ben', 'participant'), await enter('Cy', 'guest'), await enter('Dee', 'guest')];
  const caller = await enter('Caller', 'participant', 'rtp');
  const listener = await enter('Lena', 'participant', 'listener');
  const meeting = mod.meeting;
  await breakouts.start(meeting, { rooms: 2, assign: 'random', minutes: 10, callers: 'stay' });
  const where = (meeting.breakouts as unknown as { view(): { where: Record<string, number> } }).view().where;
  assert.deepEqual(Object.keys(where).sort(), people.map((p) => p.participant.id).sort());
  assert.deepEqual([0, 1].map((r) => Object.values(where).filter((w) => w === r).length), [2, 2], 'two people in each room');
  assert.equal(where[caller.participant.id], undefined);
  assert.equal(where[listener.participant.id], undefined);
  await breakouts.end(meeting);

  await breakouts.start(meeting, { rooms: 3, assign: 'choose', minutes: 10, callers: 'stay' });
  const ann = people[0]!;
  assert.equal(await breakouts.move(meeting, anyone, ann.participant, ann.participant.id, 2), undefined);
  assert.equal(await breakouts.move(meeting, anyone, ann.participant, people[1]!.participant.id, 2), 'forbidden', 'nobody moves someone else');
  // Leaving the meeting frees the breakout media too.
  await meeting.mediaOf(ann.participant).publishAudio(ann.participant, 'offer');
  await meeting.remove(ann.participant);
  assert.equal(meeting.mediaOf(ann.participant), meeting.media);
  await breakouts.end(meeting);
});

test('when time is up everyone comes back by themselves, and a late joiner learns the rooms', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { enter, breakouts } = await setUp();
    const mod = await enter('Mia', 'moderator');
    const ann = await enter('Ann', 'participant');
    const meeting = mod.meeting;
    await breakouts.start(meeting, { rooms: 2, assign: 'random', minutes: 5, callers: 'stay' });
    assert.ok(ann.messages.some((m) => m.type === 'breakoutMoved' && m.room !== null));
    const late = await enter('Lou', 'guest');
    breakouts.joined(meeting, late.participant);
    const told = late.messages.filter((m) => m.type === 'breakouts').at(-1);
    assert.ok(told?.type === 'breakouts' && told.breakouts, 'the late joiner is told about the rooms');
    assert.equal(told.breakouts.rooms.length, 2);
    assert.deepEqual(Object.keys(told.breakouts.where), [ann.participant.id]);

    mock.timers.tick(5 * 60_000);
    await waitUntil(() => meeting.breakouts === undefined);
    assert.deepEqual(ann.messages.filter((m) => m.type === 'breakoutMoved').at(-1), { type: 'breakoutMoved', room: null });
    assert.deepEqual(late.messages.at(-1), { type: 'breakouts', breakouts: null });
  } finally {
    mock.timers.reset();
  }
});

test('a media server restart closes the breakout rooms: everyone publishes again in the main room', async () => {
  const { driver, enter, breakouts } = await setUp();
  const mod = await enter('Mia', 'moderator');
  const ann = await enter('Ann', 'participant');
  const meeting = mod.meeting;
  await breakouts.start(meeting, { rooms: 2, assign: 'random', minutes: 5, callers: 'stay' });
  assert.notEqual(meeting.mediaOf(ann.participant), meeting.media);
  driver.restart();
  await waitUntil(() => ann.messages.some((m) => m.type === 'mediaReset'));
  assert.equal(meeting.breakouts, undefined);
  assert.equal(meeting.mediaOf(ann.participant), meeting.media);
  assert.ok(ann.messages.some((m) => m.type === 'breakouts' && m.breakouts === null), 'the rooms are gone from the screen too');
});

test('losing only a breakout room’s media closes the breakout rooms: everyone publishes again in the main room', async () => {
  const { driver, enter, breakouts } = await setUp();
  const mod = await enter('Mia', 'moderator');
  const ann = await enter('Ann', 'participant');
  const meeting = mod.meeting;
  await breakouts.start(meeting, { rooms: 2, assign: 'random', minutes: 5, callers: 'stay' });
  await meeting.mediaOf(ann.participant).publishAudio(ann.participant, 'offer');
  const main = driver.rooms[0]!;
  const breakoutRooms = driver.rooms.filter((r) => r !== main && r.seats.length > 0);
  assert.equal(breakoutRooms.length, 1, 'Ann sits in a breakout room’s mix');
  driver.lose(breakoutRooms);
  await waitUntil(() => ann.messages.some((m) => m.type === 'mediaReset'));
  assert.equal(meeting.breakouts, undefined);
  assert.equal(meeting.mediaOf(ann.participant), meeting.media);
});

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(done(), 'the condition came true');
}

test('a member of the audience sent to a room takes a seat in its mix, is left out of random rounds, and watches the program again after the call back', async () => {
  const { driver, meetings, enter, breakouts } = await setUp();
  // The audience's program runs until the meeting ends.
  after(() => meetings.endAll());
  const mod = await enter('Mia', 'moderator');
  const ann = await enter('Ann', 'participant');
  const gus = await enter('Gus', 'participant');
  const meeting = mod.meeting;
  await meeting.setAudience(gus.participant, true);
  assert.equal(meeting.audience.has(gus.participant), true);

  await breakouts.start(meeting, { rooms: 2, assign: 'random', minutes: 10, callers: 'stay' });
  const roomOf = (p: Participant) => (meeting.breakouts as BreakoutRooms).roomOf(p);
  assert.notEqual(roomOf(ann.participant), null, 'Ann is shared out');
  assert.equal(roomOf(gus.participant), null, 'the audience stays out of a random round');
  assert.equal(gus.participant.audience, true);

  assert.equal(await breakouts.move(meeting, anyone, mod.participant, gus.participant.id, 1), undefined);
  assert.equal(roomOf(gus.participant), 1);
  assert.equal(gus.participant.audience, false, 'in the room Gus is an ordinary participant');
  assert.equal(meeting.audience.has(gus.participant), false);
  const moved = gus.messages.filter((m) => m.type === 'breakoutMoved' || m.type === 'audienceMoved').map((m) => JSON.stringify(m));
  assert.deepEqual(moved.slice(-2), [JSON.stringify({ type: 'breakoutMoved', room: 1 }), JSON.stringify({ type: 'audienceMoved', audience: false })], 'told of the room, then to take a seat');
  await meeting.mediaOf(gus.participant).publishAudio(gus.participant, 'offer');
  const gusRooms = driver.rooms.find((r) => r.seats.some((s) => s.display === gus.participant.id && !s.closed));
  assert.ok(gusRooms && gusRooms !== driver.rooms[0], "Gus's seat is in room 2's own mix");

  assert.equal(await breakouts.end(meeting), undefined);
  assert.equal(gus.participant.audience, true, 'back in the audience after the call back');
  assert.equal(meeting.audience.has(gus.participant), true);
  assert.equal(ann.participant.audience, false, 'Ann, seated before, stays seated');
  const back = gus.messages.filter((m) => m.type === 'breakoutMoved' || m.type === 'audienceMoved').map((m) => JSON.stringify(m));
  assert.deepEqual(back.slice(-2), [JSON.stringify({ type: 'audienceMoved', audience: true }), JSON.stringify({ type: 'breakoutMoved', room: null })], 'back in the audience before hearing of the move, so the page publishes nothing in the main room');
  assert.ok(gusRooms.seats.every((s) => s.closed), "Gus's seat in the room is closed");
});
