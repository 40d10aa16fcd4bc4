import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LobbyPolicy, MeetingRole, ModerationAction } from '@moot/protocol';
import { decideEntry, decideModeration, roleAfterDemotion } from './meeting.ts';

test('who enters at once and who waits for a moderator, for every role, lobby, lock and earlier removal', () => {
  // [role, lobby, locked, removedBefore, decision]
  const table: [MeetingRole, LobbyPolicy, boolean, boolean, 'enter' | 'wait'][] = [
    ['moderator', 'everyone', true, false, 'enter'],
    ['moderator', 'off', false, true, 'enter'],
    ['participant', 'off', false, false, 'enter'],
    ['participant', 'guests', false, false, 'enter'],
    ['participant', 'everyone', false, false, 'wait'],
    ['participant', 'off', true, false, 'wait'],
    ['participant', 'off', false, true, 'wait'],
    ['guest', 'off', false, false, 'enter'],
    ['guest', 'guests', false, false, 'wait'],
    ['guest', 'everyone', false, false, 'wait'],
    ['guest', 'off', true, false, 'wait'],
    ['guest', 'off', false, true, 'wait'],
  ];
  for (const [role, lobby, locked, removedBefore, expected] of table) {
    assert.equal(decideEntry({ role, lobby, locked, removedBefore }), expected, JSON.stringify({ role, lobby, locked, removedBefore }));
  }
});

test("moderators may do anything to anyone except remove or demote the room's owner", () => {
  const actions: ModerationAction[] = ['mute', 'askUnmute', 'stopVideo', 'remove', 'promote', 'demote', 'lowerHand'];
  for (const action of actions) {
    assert.deepEqual(decideModeration(action, { targetIsOwner: false }), { ok: true }, action);
    const onOwner = decideModeration(action, { targetIsOwner: true });
    assert.deepEqual(onOwner, action === 'remove' || action === 'demote' ? { ok: false, code: 'forbidden' } : { ok: true }, action);
  }
});

test('a demoted member participates and a demoted guest is a guest again', () => {
  assert.equal(roleAfterDemotion(true), 'participant');
  assert.equal(roleAfterDemotion(false), 'guest');
});
