import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerMessage } from '@moot/protocol';
import pino from 'pino';
import { Meetings } from '../meetings/meetings.ts';
import { testRoom } from '../meetings/meeting.fixture.ts';
import { FakeDriver } from './fake-driver.ts';
import { offersRelay, TurnRelay, turnCredential, turnRelayFrom } from './turn-credentials.ts';

// Computed apart from this code with:
//   printf '%s' '1700021600:QmYGJ3ncPRVdxiQJw6yNdA' | openssl dgst -sha1 -hmac 'north' -binary | base64
const VECTOR = { secret: 'north', username: '1700021600:QmYGJ3ncPRVdxiQJw6yNdA', credential: 'CdCmqku4zg44o/AdqhgLKsbh4Ok=' };

test('the credential is base64 HMAC-SHA1 of the username under the shared secret, as openssl computes it', () => {
  assert.equal(turnCredential(VECTOR.secret, VECTOR.username), VECTOR.credential);
  assert.notEqual(turnCredential('south', VECTOR.username), VECTOR.credential);
});

test('each participant gets a username of its own that expires the configured time after it was handed out', () => {
  const relay = new TurnRelay({ urls: ['turn:turn.example.org:3478?transport=tcp'], secret: VECTOR.secret, ttlSeconds: 6 * 3600 });
  const now = 1_700_000_000_500;
  const server = relay.serverFor('QmYGJ3ncPRVdxiQJw6yNdA', now);
  assert.deepEqual(server, { urls: ['turn:turn.example.org:3478?transport=tcp'], username: VECTOR.username, credential: VECTOR.credential });
  const other = relay.serverFor('AzHq0Lr9l1dU3c4w8x9YtQ', now);
  assert.equal(other.username, '1700021600:AzHq0Lr9l1dU3c4w8x9YtQ');
  assert.notEqual(other.credential, server.credential);
  assert.equal(relay.serverFor('QmYGJ3ncPRVdxiQJw6yNdA', now + 60_000).username, '1700021660:QmYGJ3ncPRVdxiQJw6yNdA', 'a later join gets a later expiry');
});

test('the secret comes from its file without the final newline; an empty or missing file stops the start with the variable named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-turn-'));
  try {
    const file = join(dir, 'turn-secret');
    writeFileSync(file, `${VECTOR.secret}\n`);
    const relay = turnRelayFrom({ urls: ['turn:127.0.0.1:3478'], secretFile: file, ttl: 6 * 3600 });
    assert.equal(relay?.serverFor('QmYGJ3ncPRVdxiQJw6yNdA', 1_700_000_000_000).credential, VECTOR.credential);
    assert.equal(turnRelayFrom({ urls: [], ttl: 60 }), undefined);
    writeFileSync(file, '\n');
    assert.throws(() => turnRelayFrom({ urls: ['turn:127.0.0.1:3478'], secretFile: file, ttl: 60 }), /MOOT_TURN_SECRET_FILE/);
    assert.throws(() => turnRelayFrom({ urls: ['turn:127.0.0.1:3478'], secretFile: join(dir, 'absent'), ttl: 60 }), /Cannot read the TURN secret file .*MOOT_TURN_SECRET_FILE/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("joined gives each participant the relay with a username of its own after the configured servers, and a resume a fresh one", async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
  const stun = { urls: ['stun:stun.example.org:3478'] };
  const relay = new TurnRelay({ urls: ['turns:turn.example.org:5349'], secret: VECTOR.secret, ttlSeconds: 3600 });
  const meetings = new Meetings(new FakeDriver(), { participantTimeoutSeconds: 30, chatHistory: 10, iceServers: [stun], relay }, pino({ level: 'silent' }));
  const room = testRoom({ owner_id: 'olga', owner_name: 'Olga' });
  const joinedOn = (messages: ServerMessage[]) => messages.filter((m): m is Extract<ServerMessage, { type: 'joined' }> => m.type === 'joined').at(-1)!;
  const enter = async (name: string) => {
    const messages: ServerMessage[] = [];
    const entered = await meetings.admit(room, { name, role: 'participant', userId: name, guestKey: `key-${name}`, kind: 'browser', audioMuted: true, videoMuted: true, link: { send: (m) => void messages.push(m) } });
    assert.ok(entered.ok === true);
    return { participant: entered.participant, joined: joinedOn(messages) };
  };

  const olga = await enter('Olga');
  const bob = await enter('Bob');
  for (const { participant, joined } of [olga, bob]) {
    const [first, own] = joined.iceServers;
    assert.deepEqual(first, stun);
    assert.equal(joined.iceServers.length, 2);
    assert.equal(own?.username, `1700003600:${participant.id}`);
    assert.equal(own?.credential, turnCredential(VECTOR.secret, own?.username ?? ''));
  }

  t.mock.timers.tick(600_000);
  const again: ServerMessage[] = [];
  assert.ok(meetings.resume({ send: (m) => void again.push(m) }, bob.participant.resumeToken).ok);
  assert.equal(joinedOn(again).iceServers[1]?.username, `1700004200:${bob.participant.id}`, 'ten minutes later, ten minutes more');
  await meetings.endAll();
});

test('the server offers a relay with its own TURN URLs or a TURN server among the configured ICE servers, and none with STUN alone', () => {
  const stun = { urls: ['stun:stun.example.org:3478'] };
  assert.equal(offersRelay({ ice: { servers: [] }, turn: { urls: [] } }), false);
  assert.equal(offersRelay({ ice: { servers: [stun] }, turn: { urls: [] } }), false);
  assert.equal(offersRelay({ ice: { servers: [stun] }, turn: { urls: ['turn:turn.example.org:3478?transport=tcp'] } }), true);
  assert.equal(offersRelay({ ice: { servers: [stun, { urls: ['turns:turn.example.org:5349'] }] }, turn: { urls: [] } }), true);
});

test('before its credentials expire a participant gets fresh ones in an iceServers message, again while they stay, and none once they left', async (t) => {
  t.mock.timers.enable({ apis: ['Date', 'setTimeout'], now: 1_700_000_000_000 });
  const relay = new TurnRelay({ urls: ['turn:turn.example.org:3478?transport=tcp'], secret: VECTOR.secret, ttlSeconds: 600 });
  const meetings = new Meetings(new FakeDriver(), { participantTimeoutSeconds: 30, chatHistory: 10, iceServers: [], relay }, pino({ level: 'silent' }));
  const room = testRoom({ owner_id: 'olga', owner_name: 'Olga' });
  const messages: ServerMessage[] = [];
  const entered = await meetings.admit(room, { name: 'Olga', role: 'participant', userId: 'olga', guestKey: 'key-olga', kind: 'browser', audioMuted: true, videoMuted: true, link: { send: (m) => void messages.push(m) } });
  assert.ok(entered.ok === true);
  const { meeting, participant } = entered;
  const renewals = () => messages.filter((m): m is Extract<ServerMessage, { type: 'iceServers' }> => m.type === 'iceServers');
  const expiryOf = (servers: { username?: string }[]) => Number(servers.at(-1)?.username?.split(':')[0]);
  const joined = messages.find((m): m is Extract<ServerMessage, { type: 'joined' }> => m.type === 'joined')!;
  assert.equal(expiryOf(joined.iceServers), 1_700_000_600);

  t.mock.timers.tick(479_000);
  assert.equal(renewals().length, 0, 'not while the credentials are young');
  t.mock.timers.tick(1000);
  assert.equal(renewals().length, 1, 'four fifths of the lifetime in, two minutes before they expire');
  const [first] = renewals();
  assert.equal(expiryOf(first!.iceServers), 1_700_001_080, 'valid for the whole lifetime from now');
  assert.equal(first!.iceServers.at(-1)?.credential, turnCredential(VECTOR.secret, first!.iceServers.at(-1)?.username ?? ''));
  t.mock.timers.tick(480_000);
  assert.equal(renewals().length, 2, 'and again before the renewed ones expire');
  assert.equal(expiryOf(renewals()[1]!.iceServers), 1_700_001_560);

  await meetings.leave(meeting, participant);
  t.mock.timers.tick(3 * 480_000);
  assert.equal(renewals().length, 2, 'nothing once they left');
  await meetings.endAll();
});
