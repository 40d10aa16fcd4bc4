import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LobbyPolicy, MeetingRole, ModerationAction } from '@moot/protocol';
import { decideByKind, decideByPlace, decideEntry, decideModeration, roleAfterDemotion } from './meeting.ts';

test('who enters at once and who waits for a moderator, for every role, lobby, lock, earlier removal and admission rule', () => {
  // [role, lobby, locked, removedBefore, guestRemovedBefore, needsAdmission, decision]
  const table: [MeetingRole, LobbyPolicy, boolean, boolean, boolean, boolean, 'enter' | 'wait'][] = [
    ['moderator', 'everyone', true, false, true, false, 'enter'],
    ['moderator', 'off', false, true, false, false, 'enter'],
    ['participant', 'off', false, false, false, false, 'enter'],
    ['participant', 'off', false, false, true, false, 'enter'],
    ['participant', 'guests', false, false, false, false, 'enter'],
    ['participant', 'everyone', false, false, false, false, 'wait'],
    ['participant', 'off', true, false, false, false, 'wait'],
    ['participant', 'off', false, true, false, false, 'wait'],
    ['guest', 'off', false, false, false, false, 'enter'],
    ['guest', 'off', false, false, true, false, 'wait'],
    ['guest', 'guests', false, false, false, false, 'wait'],
    ['guest', 'everyone', false, false, false, false, 'wait'],
    ['guest', 'off', true, false, false, false, 'wait'],
    ['guest', 'off', false, true, false, false, 'wait'],
    ['guest', 'off', false, false, false, true, 'wait'],
    ['moderator', 'off', false, false, false, true, 'enter'],
  ];
  for (const [role, lobby, locked, removedBefore, guestRemovedBefore, needsAdmission, expected] of table) {
    const facts = { role, lobby, locked, removedBefore, guestRemovedBefore, needsAdmission };
    assert.equal(decideEntry(facts), expected, JSON.stringify(facts));
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

test('a listener may chat, raise a hand and ask for the stream, but never publish, receive video or unmute; others get no stream', () => {
  const table: [Parameters<typeof decideByKind>[0], Parameters<typeof decideByKind>[1], true | 'listening-only' | 'forbidden'][] = [
    ['listener', 'chat', true],
    ['listener', 'hand', true],
    ['listener', 'leave', true],
    ['listener', 'listen', true],
    ['listener', 'publish', 'listening-only'],
    ['listener', 'unpublish', 'listening-only'],
    ['listener', 'answer', 'listening-only'],
    ['listener', 'trickle', 'listening-only'],
    ['listener', 'restartIce', 'listening-only'],
    ['listener', 'mute', 'listening-only'],
    ['listener', 'view', 'listening-only'],
    ['listener', 'quality', 'listening-only'],
    ['browser', 'publish', true],
    ['browser', 'mute', true],
    ['browser', 'listen', 'forbidden'],
    ['rtp', 'listen', 'forbidden'],
  ];
  for (const [kind, type, expected] of table) {
    const decision = decideByKind(kind, type);
    assert.equal(decision.ok ? true : decision.code, expected, `${kind} ${type}`);
  }
});

test('what a browser member in the audience, and one with a seat, may send', () => {
  const table: [boolean, Parameters<typeof decideByPlace>[1], true | 'audience-only' | 'not-in-audience'][] = [
    [true, 'chat', true],
    [true, 'hand', true],
    [true, 'leave', true],
    [true, 'quality', true],
    [true, 'programWatch', true],
    [true, 'programAnswer', true],
    [true, 'programTrickle', true],
    [true, 'publish', 'audience-only'],
    [true, 'unpublish', 'audience-only'],
    [true, 'answer', 'audience-only'],
    [true, 'trickle', 'audience-only'],
    [true, 'restartIce', 'audience-only'],
    [true, 'mute', 'audience-only'],
    [true, 'view', 'audience-only'],
    [false, 'publish', true],
    [false, 'view', true],
    [false, 'programWatch', 'not-in-audience'],
    [false, 'programAnswer', 'not-in-audience'],
    [false, 'programTrickle', 'not-in-audience'],
  ];
  for (const [audience, type, expected] of table) {
    const decision = decideByPlace(audience, type);
    assert.equal(decision.ok ? true : decision.code, expected, `${audience ? 'audience' : 'seated'} ${type}`);
  }
});
