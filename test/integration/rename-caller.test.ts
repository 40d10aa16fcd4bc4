// Only a moderator names a phone caller, and only a caller: a participant's attempt and a
// browser target are refused with their own errors, and the new name reaches everyone.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { RunningServer } from '../../packages/server/src/server.ts';
import { findRoom } from '../../packages/server/src/rooms/rooms.ts';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { runCli, testServerEnv } from '../helpers/moot.ts';

let server: RunningServer;
let url: string;
let olga: TestUser;
let bob: TestUser;
let room: TestRoom;
const sockets = new Sockets();

before(async () => {
  const env = await testServerEnv();
  const cli = { cli: <T>(args: string[], stdin?: string) => runCli<T>(env.env, args, stdin) };
  olga = await addUser(cli, 'Olga Owner');
  bob = await addUser(cli, 'Bob Member');
  room = await addRoom(cli, olga, 'Call-in room');
  server = await startInProcess(env.env);
  url = env.url;
});

after(async () => {
  await sockets.closeAll();
  await server?.stop();
});

test('a moderator names a phone caller for everyone; a participant may not, and a browser is not a caller', async () => {
  const moot = { url };
  const olgaWs = await sockets.member(moot, olga);
  await olgaWs.join({ room: room.id, audioMuted: true, videoMuted: true });
  const bobWs = await sockets.member(moot, bob);
  const bobJoined = await bobWs.join({ room: room.id, audioMuted: true, videoMuted: true });
  const roomRow = await findRoom(server.services.db, room.id);
  assert.ok(roomRow);
  const entered = await server.services.meetings.admit(roomRow, {
    name: 'Phone …1234',
    role: 'guest',
    userId: undefined,
    guestKey: 'phone:test',
    kind: 'rtp',
    audioMuted: false,
    videoMuted: true,
    link: { send: () => undefined },
  });
  assert.equal(entered.ok, true);
  const caller = (await bobWs.next('participantJoined', (m) => m.participant.phone)).participant;
  assert.equal(caller.name, 'Phone …1234');

  bobWs.send({ type: 'renameCaller', target: caller.id, name: 'Dana' });
  assert.equal((await bobWs.nextError('renameCaller')).code, 'forbidden');

  olgaWs.send({ type: 'renameCaller', target: bobJoined.self.id, name: 'Not a caller' });
  assert.equal((await olgaWs.nextError('renameCaller')).code, 'not-found-participant');

  olgaWs.sendJson({ type: 'renameCaller', target: caller.id, name: '' });
  assert.equal((await olgaWs.nextError('renameCaller')).code, 'invalid-message');

  olgaWs.send({ type: 'renameCaller', target: caller.id, name: 'Dana from Accounts' });
  const renamed = await bobWs.next('participantUpdated', (m) => m.participant.id === caller.id && m.participant.name === 'Dana from Accounts');
  assert.equal(renamed.participant.phone, true);
});
