// A process on the server's machine reaches Janus's API port directly. These are its attacks on a
// live meeting's media rooms, against a real server and its managed Janus.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { JanusProbe, janusToken, listVideoRooms } from '../helpers/janus.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let owner: TestUser;
let room: TestRoom;
const sockets = new Sockets();
const probes: JanusProbe[] = [];

before(async () => {
  moot = await startMoot();
  owner = await addUser(moot, 'Jana Owner');
  room = await addRoom(moot, owner, 'Guarded media');
});

afterEach(async () => {
  for (const probe of probes.splice(0)) probe.close();
  await sockets.closeAll();
  await waitFor(async () => (await listVideoRooms(moot.janusWsPort, moot.dataDir)).length === 0, { message: 'the meeting to end' });
});
after(async () => {
  await sockets.closeAll();
  await moot?.stop();
});

/** A live meeting and the id of its Janus rooms (as an operator with the admin key sees it). */
async function liveMeeting() {
  const host = await sockets.member(moot, owner);
  await host.join({ room: room.id });
  const rooms = await waitFor(async () => {
    const list = await listVideoRooms(moot.janusWsPort, moot.dataDir);
    return list.length === 1 ? list : null;
  }, { message: 'the meeting’s VideoRoom' });
  return { host, janusRoom: rooms[0]!.room as number };
}

async function probe(token?: string): Promise<JanusProbe> {
  const p = await JanusProbe.connect(moot.janusWsPort, token);
  probes.push(p);
  return p;
}

test('without a token, a local process can open no Janus session at all', async () => {
  await liveMeeting();
  const raw = await probe();
  const created = await raw.call({ janus: 'create' });
  assert.equal(created.janus, 'error', JSON.stringify(created));
  const forged = await probe('4102444800,janus,janus.plugin.videoroom:bm90IGEgc2lnbmF0dXJl');
  assert.equal((await forged.call({ janus: 'create' })).janus, 'error', 'a token not signed with the secret is refused');
});

test('the info log never names a Janus room', async () => {
  const { janusRoom } = await liveMeeting();
  assert.equal(moot.logs().includes(String(janusRoom)), false);
});

test('even with a valid token, nobody joins or destroys a live meeting’s rooms without their pin and secret', async () => {
  const { host, janusRoom } = await liveMeeting();
  const insider = await probe(janusToken(moot.dataDir));
  const videoroom = await insider.attach('janus.plugin.videoroom');
  const audiobridge = await insider.attach('janus.plugin.audiobridge');

  // Refused for the missing or wrong pin (joins) or secret (destroy), not for anything else.
  const refused = (answer: Record<string, any>, key: 'pin' | 'secret') => typeof answer.error_code === 'number' && String(answer.error).includes(key);
  const publisher = await videoroom.message({ request: 'join', ptype: 'publisher', room: janusRoom, display: 'Intruder' });
  assert.ok(refused(publisher, 'pin'), `joining as a publisher: ${JSON.stringify(publisher)}`);
  const guessedPin = await videoroom.message({ request: 'join', ptype: 'publisher', room: janusRoom, pin: 'guess', display: 'Intruder' });
  assert.ok(refused(guessedPin, 'pin'), `joining with a guessed pin: ${JSON.stringify(guessedPin)}`);
  const subscriberHandle = await insider.attach('janus.plugin.videoroom');
  const subscriber = await subscriberHandle.message({ request: 'join', ptype: 'subscriber', room: janusRoom, streams: [] });
  assert.ok(refused(subscriber, 'pin'), `joining as a subscriber: ${JSON.stringify(subscriber)}`);
  const seat = await audiobridge.message({ request: 'join', room: janusRoom, display: 'Intruder' });
  assert.ok(refused(seat, 'pin'), `joining the mix: ${JSON.stringify(seat)}`);
  const rtpSeat = await audiobridge.message({ request: 'join', room: janusRoom, display: 'Intruder', rtp: { ip: '127.0.0.1', port: 9, payload_type: 111 } });
  assert.ok(refused(rtpSeat, 'pin'), `joining the mix over plain RTP: ${JSON.stringify(rtpSeat)}`);

  for (const [plugin, handle] of [['VideoRoom', videoroom], ['AudioBridge', audiobridge]] as const) {
    const destroyed = await handle.message({ request: 'destroy', room: janusRoom });
    assert.ok(refused(destroyed, 'secret'), `destroying the ${plugin} room: ${JSON.stringify(destroyed)}`);
    const guessed = await handle.message({ request: 'destroy', room: janusRoom, secret: 'guess' });
    assert.ok(refused(guessed, 'secret'), `destroying the ${plugin} room with a guessed secret: ${JSON.stringify(guessed)}`);
  }

  // The meeting goes on.
  assert.deepEqual((await listVideoRooms(moot.janusWsPort, moot.dataDir)).map((r) => r.room), [janusRoom]);
  const mix = await audiobridge.message({ request: 'exists', room: janusRoom });
  assert.equal(mix.exists, true, 'the mixer room is still there');
  host.send({ type: 'chat', text: 'still meeting' });
  await host.next('chat', (m) => m.message.text === 'still meeting');
});
