import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientMessage } from './signaling.ts';
import { CreateRoomBody, SignInBody, UpdateRoomBody } from './rest.ts';
import { MAX_CHAT_LENGTH, MAX_TILES } from './limits.ts';
import { PROTOCOL_VERSION } from './version.ts';

const refused = (value: unknown) => !ClientMessage.safeParse(value).success;

test('signaling messages that are malformed are refused', () => {
  assert.ok(refused(null));
  assert.ok(refused('join'));
  assert.ok(refused({}));
  assert.ok(refused({ type: 'teleport' }));
  assert.ok(refused({ type: 'join' }), 'a join needs a room');
  assert.ok(refused({ type: 'join', room: 'abc', admin: true }), 'unknown fields are refused, not ignored');
  assert.ok(refused({ type: 'join', room: 'x'.repeat(65) }));
  assert.ok(refused({ type: 'join', room: 'abc', name: '' }), 'a guest name cannot be empty');
  assert.ok(refused({ type: 'chat', text: '   ' }), 'blank chat');
  assert.ok(refused({ type: 'chat', text: 'x'.repeat(MAX_CHAT_LENGTH + 1) }));
  assert.ok(refused({ type: 'publish', source: 'camera', sdp: 'short' }));
  assert.ok(refused({ type: 'publish', source: 'microwave', sdp: 'v=0 a long enough sdp' }));
  assert.ok(refused({ type: 'trickle', target: 'camera', candidate: { candidate: 1 } }));
  assert.ok(refused({ type: 'mute', kind: 'audio' }));
  assert.ok(refused({ type: 'moderate', action: 'unmute', target: 'p1' }), 'nobody can be unmuted by force');
  const tile = { participantId: 'p', source: 'camera', height: 100 };
  assert.ok(refused({ type: 'view', tiles: Array.from({ length: MAX_TILES + 1 }, () => tile) }));
  assert.ok(refused({ type: 'view', tiles: [{ ...tile, height: -1 }] }));
});

test('well-formed signaling messages parse, with defaults filled in', () => {
  const join = ClientMessage.parse({ type: 'join', room: 'abc', name: ' Ann ' });
  assert.deepEqual(join, { type: 'join', room: 'abc', name: 'Ann', audioMuted: false, videoMuted: false, listenOnly: false });
  assert.ok(ClientMessage.safeParse({ type: 'trickle', target: 'subscriber', candidate: null }).success);
  assert.ok(ClientMessage.safeParse({ type: 'view', tiles: [{ participantId: 'p', source: 'screen', height: 720 }] }).success);
});

test('join and resume accept the current protocol version and refuse any other', () => {
  const token = 't'.repeat(16);
  assert.equal(ClientMessage.parse({ type: 'join', version: PROTOCOL_VERSION, room: 'abc' }).type, 'join');
  assert.equal(ClientMessage.parse({ type: 'resume', version: PROTOCOL_VERSION, token }).type, 'resume');
  assert.ok(refused({ type: 'join', version: PROTOCOL_VERSION + 1, room: 'abc' }));
  assert.ok(refused({ type: 'resume', version: String(PROTOCOL_VERSION), token }));
  assert.ok(refused({ type: 'chat', version: PROTOCOL_VERSION, text: 'hi' }), 'only join and resume carry the version');
});

test('REST bodies are checked strictly', () => {
  assert.ok(!SignInBody.safeParse({ email: 'not an email', password: 'x' }).success);
  assert.ok(!CreateRoomBody.safeParse({ name: 'Room', guests: 'everyone' }).success);
  assert.ok(!CreateRoomBody.safeParse({ name: 'Room', accessCode: 'no spaces!' }).success);
  assert.ok(!UpdateRoomBody.safeParse({ owner: 'me' }).success);
  assert.equal(CreateRoomBody.parse({ name: 'Room' }).guests, 'off', 'members only unless asked');
});
