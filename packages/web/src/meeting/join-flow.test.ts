/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerMessage } from '@moot/protocol';
import { errorMessages } from '@moot/protocol/plain';
import { showCatalogue } from '../i18n/index.ts';
import english from '../i18n/locales/en.json' with { type: 'json' };
import { JoinFlow } from './join-flow.ts';
import { person } from './person.fixture.ts';

const self = person('p1');
showCatalogue('en', english, english);

function joined(resumed: boolean, resumeToken = 'token-aaaaaaaaaaaaaaaa'): ServerMessage {
  return {
    type: 'joined',
    resumed,
    self,
    participants: [self],
    chat: [],
    resumeToken,
    meeting: { roomId: 'r1', roomName: 'Room', startedAt: '2026-01-01T00:00:00Z', locked: false },
    iceServers: [],
    recording: false,
  };
}

function error(code: keyof typeof errorMessages, ref?: string): ServerMessage {
  return { type: 'error', code, message: errorMessages[code], ...(ref ? { ref } : {}) };
}

/** A flow that has joined the meeting with a fresh place. */
function inMeeting(): JoinFlow {
  const flow = new JoinFlow();
  flow.begin();
  flow.opened();
  flow.received(joined(false));
  return flow;
}

test('a join goes from the pre-join screen through joining into the meeting and starts media', () => {
  const flow = new JoinFlow();
  assert.equal(flow.phase.value, 'prejoin');
  flow.begin();
  assert.equal(flow.phase.value, 'joining');
  assert.deepEqual(flow.opened(), [{ kind: 'sendJoin' }]);
  assert.deepEqual(flow.received(joined(false)), [{ kind: 'startMedia' }]);
  assert.equal(flow.phase.value, 'in');
  assert.equal(flow.joinError.value, null);
});

test('a refused join keeps the person on the pre-join screen with the reason and their devices open', () => {
  for (const code of ['wrong-access-code', 'room-full', 'lobby-denied', 'access-code-required'] as const) {
    const flow = new JoinFlow();
    flow.begin();
    flow.opened();
    assert.deepEqual(flow.received(error(code)), [{ kind: 'close', keepDevices: true }], code);
    assert.equal(flow.phase.value, 'prejoin', code);
    assert.equal(flow.joinError.value, errorMessages[code], code);
    // Trying again clears the old reason.
    flow.begin();
    assert.equal(flow.joinError.value, null, code);
  }
});

test('an error answering the join by its ref refuses it even when not a usual refusal', () => {
  const flow = new JoinFlow();
  flow.begin();
  flow.opened();
  flow.received(error('invalid-message', 'join'));
  assert.equal(flow.phase.value, 'prejoin');
  assert.equal(flow.joinError.value, errorMessages['invalid-message']);
});

test('in the meeting, errors are shown as toasts and the person stays in', () => {
  const flow = inMeeting();
  assert.deepEqual(flow.received(error('forbidden')), [{ kind: 'toast', text: errorMessages.forbidden }]);
  assert.deepEqual(flow.received(error('room-full')), [{ kind: 'toast', text: errorMessages['room-full'] }]);
  assert.equal(flow.phase.value, 'in');
});

test('the lobby: waiting, then admitted into the meeting, or denied back to the pre-join screen', () => {
  const admitted = new JoinFlow();
  admitted.begin();
  admitted.opened();
  assert.deepEqual(admitted.received({ type: 'waiting', roomName: 'Room' }), []);
  assert.equal(admitted.phase.value, 'waiting');
  admitted.received(joined(false));
  assert.equal(admitted.phase.value, 'in');

  const denied = new JoinFlow();
  denied.begin();
  denied.opened();
  denied.received({ type: 'waiting', roomName: 'Room' });
  denied.received(error('lobby-denied'));
  assert.equal(denied.phase.value, 'prejoin');
  assert.equal(denied.joinError.value, errorMessages['lobby-denied']);
});

test('cancelling in the lobby leaves and closes devices', () => {
  const flow = new JoinFlow();
  flow.begin();
  flow.opened();
  flow.received({ type: 'waiting', roomName: 'Room' });
  assert.deepEqual(flow.leave(), [{ kind: 'close', keepDevices: false }]);
  assert.equal(flow.phase.value, 'left');
});

test('a dropped socket in the meeting reconnects and resumes the same place', () => {
  const flow = inMeeting();
  assert.deepEqual(flow.dropped(), { retry: true, steps: [] });
  assert.equal(flow.reconnecting.value, true);
  assert.equal(flow.phase.value, 'in');
  assert.deepEqual(flow.opened(), [{ kind: 'sendResume', token: 'token-aaaaaaaaaaaaaaaa' }]);
  assert.deepEqual(flow.received(joined(true, 'token-bbbbbbbbbbbbbbbb')), [{ kind: 'resyncMedia' }]);
  assert.equal(flow.reconnecting.value, false);
  // The next drop resumes with the newest token.
  flow.dropped();
  assert.deepEqual(flow.opened(), [{ kind: 'sendResume', token: 'token-bbbbbbbbbbbbbbbb' }]);
});

test('when the place has expired, the person joins again as new and gets fresh media', () => {
  const flow = inMeeting();
  flow.dropped();
  flow.opened();
  assert.deepEqual(flow.received(error('resume-failed')), [{ kind: 'sendJoin' }]);
  assert.deepEqual(flow.received(joined(false)), [{ kind: 'startMedia' }]);
  assert.equal(flow.phase.value, 'in');
});

test('after the server restarted, the page keeps retrying, then joins again by itself with no pre-join screen', () => {
  const flow = inMeeting();
  // The server is down: every attempt to reconnect fails, and the page keeps trying.
  for (let attempt = 0; attempt < 5; attempt++) assert.deepEqual(flow.dropped(), { retry: true, steps: [] });
  assert.equal(flow.phase.value, 'in');
  assert.equal(flow.reconnecting.value, true);
  // The new server knows no resume token.
  assert.deepEqual(flow.opened(), [{ kind: 'sendResume', token: 'token-aaaaaaaaaaaaaaaa' }]);
  assert.deepEqual(flow.received(error('resume-failed', 'resume')), [{ kind: 'sendJoin' }]);
  assert.equal(flow.phase.value, 'in', 'never back on the pre-join screen');
  assert.equal(flow.joinError.value, null);
  assert.deepEqual(flow.received(joined(false, 'token-cccccccccccccccc')), [{ kind: 'startMedia' }]);
  assert.equal(flow.reconnecting.value, false);
  // A later drop resumes the new place.
  flow.dropped();
  assert.deepEqual(flow.opened(), [{ kind: 'sendResume', token: 'token-cccccccccccccccc' }]);
});

test('while the media server restarts, a join waits on the way in, says why, and knocks again by itself', () => {
  const flow = new JoinFlow();
  flow.begin();
  flow.opened();
  assert.deepEqual(flow.received(error('media-unavailable', 'join')), [{ kind: 'sendJoinLater', afterMs: 3_000 }]);
  assert.equal(flow.phase.value, 'joining', 'not sent back to the pre-join screen');
  assert.equal(flow.joinError.value, errorMessages['media-unavailable']);
  assert.deepEqual(flow.retryDue(), [{ kind: 'sendJoin' }]);
  assert.deepEqual(flow.retryDue(), [], 'one knock per refusal');
  assert.deepEqual(flow.received(joined(false)), [{ kind: 'startMedia' }]);
  assert.equal(flow.joinError.value, null);
});

test('after a server restart the page rejoins through a media server that is still starting', () => {
  const flow = inMeeting();
  flow.dropped();
  flow.opened();
  assert.deepEqual(flow.received(error('resume-failed', 'resume')), [{ kind: 'sendJoin' }]);
  assert.deepEqual(flow.received(error('media-unavailable', 'join')), [{ kind: 'sendJoinLater', afterMs: 3_000 }]);
  assert.equal(flow.phase.value, 'in', 'never back on the pre-join screen');
  // The socket dropped again meanwhile: the new socket joins, and the pending knock is dropped.
  flow.dropped();
  assert.deepEqual(flow.opened(), [{ kind: 'sendJoin' }]);
  assert.deepEqual(flow.retryDue(), []);
});

test('a media-unavailable notice while in the meeting is only a notice', () => {
  const flow = inMeeting();
  assert.deepEqual(flow.received(error('media-unavailable')), [{ kind: 'toast', text: errorMessages['media-unavailable'] }]);
  assert.deepEqual(flow.retryDue(), []);
});

test('a meeting that ended while the page was away ends on the page too', () => {
  const flow = inMeeting();
  flow.dropped();
  flow.opened();
  assert.deepEqual(flow.received(error('meeting-ended', 'resume')), [{ kind: 'close', keepDevices: true }]);
  assert.equal(flow.phase.value, 'prejoin');
  assert.equal(flow.reconnecting.value, false);
  assert.equal(flow.joinError.value, errorMessages['meeting-ended']);
  assert.deepEqual(flow.opened(), [{ kind: 'sendJoin' }], 'joining again starts a new place');
});

test('a dropped socket before entering returns to the pre-join screen and stops retrying', () => {
  const flow = new JoinFlow();
  flow.begin();
  const { retry, steps } = flow.dropped();
  assert.equal(retry, false);
  assert.deepEqual(steps, [{ kind: 'close', keepDevices: true }]);
  assert.equal(flow.phase.value, 'prejoin');
  assert.match(flow.joinError.value ?? '', /cannot be reached/);
});

test('mediaReset in the meeting reconnects media without a new join', () => {
  const flow = inMeeting();
  assert.deepEqual(flow.received({ type: 'mediaReset' }), [{ kind: 'resetMedia' }]);
  assert.equal(flow.phase.value, 'in');
  // Before entering there is no media to reset.
  const waiting = new JoinFlow();
  waiting.begin();
  waiting.received({ type: 'waiting', roomName: 'Room' });
  assert.deepEqual(waiting.received({ type: 'mediaReset' }), []);
});

test('the end of the meeting closes everything and says why; a new join starts clean', () => {
  const flow = inMeeting();
  assert.deepEqual(flow.received({ type: 'meetingEnded', reason: 'removed', by: 'Olga' }), [{ kind: 'close', keepDevices: false }]);
  assert.equal(flow.phase.value, 'ended');
  assert.deepEqual(flow.ended.value, { reason: 'removed', by: 'Olga' });
  assert.deepEqual(flow.dropped(), { retry: false, steps: [] });
  flow.begin();
  assert.equal(flow.ended.value, null);
  assert.deepEqual(flow.opened(), [{ kind: 'sendJoin' }], 'no resume of the old place');
});

test('an unsupported protocol version sends the person back with the reason and asks for a reload', () => {
  const flow = inMeeting();
  flow.dropped();
  flow.opened();
  assert.deepEqual(flow.received(error('unsupported-version')), [{ kind: 'close', keepDevices: true }]);
  assert.equal(flow.phase.value, 'prejoin');
  assert.equal(flow.reloadNeeded.value, true);
  assert.equal(flow.joinError.value, errorMessages['unsupported-version']);
});
