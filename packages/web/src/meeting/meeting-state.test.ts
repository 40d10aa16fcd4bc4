/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessageView, ParticipantView, ServerMessage } from '@moot/protocol';
import { showCatalogue } from '../i18n/index.ts';
import english from '../i18n/locales/en.json' with { type: 'json' };
import { MeetingState } from './meeting-state.ts';
import { at, person } from './person.fixture.ts';

showCatalogue('en', english, english);

function joined(
  self: ParticipantView,
  others: ParticipantView[],
  options: { recording?: boolean; recordingBy?: string; resumed?: boolean; locked?: boolean } = {},
): ServerMessage {
  return {
    type: 'joined',
    resumed: options.resumed ?? false,
    self,
    participants: [self, ...others],
    chat: [],
    resumeToken: 'token-aaaaaaaaaaaaaaaa',
    meeting: { roomId: 'r1', roomName: 'Weekly', startedAt: at(0), locked: options.locked ?? false },
    iceServers: [],
    recording: options.recording ?? false,
    ...(options.recordingBy ? { recordingBy: options.recordingBy } : {}),
  };
}

function chat(id: string, from: string): ServerMessage {
  const message: ChatMessageView = { id, from: { id: from, name: from.toUpperCase() }, text: 'hi', at: at(1) };
  return { type: 'chat', message };
}

test('joining fills the roster, room name and lock from the server, yourself first', () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [person('a')], { locked: true }));
  assert.equal(state.roomName.value, 'Weekly');
  assert.equal(state.locked.value, true);
  assert.deepEqual(state.roster.ordered.value.map((p) => p.id), ['me', 'a']);
  state.apply({ type: 'participantJoined', participant: person('b') });
  state.apply({ type: 'participantLeft', id: 'a' });
  assert.deepEqual(state.roster.ordered.value.map((p) => p.id), ['me', 'b']);
});

test('a late joiner to a recorded meeting gets the recording notice', () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [], { recording: true }));
  assert.deepEqual(state.recordingNotice.value, { active: true });
  assert.equal(state.recording.value.active, true);
});

test("a late joiner's notice names who started the recording", () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [], { recording: true, recordingBy: 'Olga' }));
  assert.deepEqual(state.recordingNotice.value, { active: true, by: 'Olga' });
});

test('everyone else gets the notice naming who started recording; stopping is told to everyone', () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [person('olga')]));
  assert.deepEqual(state.apply({ type: 'recording', active: true, by: 'Olga' }), []);
  assert.deepEqual(state.recordingNotice.value, { active: true, by: 'Olga' });
  assert.deepEqual(state.apply({ type: 'recording', active: false, by: 'Olga' }), [{ kind: 'toast', text: 'Olga stopped recording the meeting.' }]);
  assert.equal(state.recordingNotice.value, null, 'the notice goes away with the recording');
});

test('the person who starts recording is told it started, without the notice', () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me', { role: 'moderator' }), []));
  state.expectOwnRecording();
  const effects = state.apply({ type: 'recording', active: true, by: 'ME' });
  assert.equal(state.recordingNotice.value, null);
  assert.equal(effects.length, 1);
  assert.match(effects[0]?.kind === 'toast' ? effects[0].text : '', /Recording has started/);
});

test('a resumed connection does not repeat a recording notice already seen', () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [], { recording: true }));
  state.dismissRecordingNotice();
  state.apply(joined(person('me'), [], { recording: true, resumed: true }));
  assert.equal(state.recordingNotice.value, null);
});

test('a person made moderator is told, and told again when it is taken back', () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [person('a')]));
  const promoted = state.apply({ type: 'participantUpdated', participant: person('me', { role: 'moderator' }) });
  assert.equal(promoted.length, 1);
  assert.match(promoted[0]?.kind === 'toast' ? promoted[0].text : '', /You are now a moderator/);
  assert.equal(state.roster.self.value?.role, 'moderator');
  const demoted = state.apply({ type: 'participantUpdated', participant: person('me', { role: 'participant' }) });
  assert.match(demoted[0]?.kind === 'toast' ? demoted[0].text : '', /no longer a moderator/);
  // Someone else's promotion is no news for this person.
  assert.deepEqual(state.apply({ type: 'participantUpdated', participant: person('a', { role: 'moderator' }) }), []);
});

test("a moderator's mute is told and turns the device off", () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [person('a')]));
  assert.deepEqual(state.apply({ type: 'mutedBy', by: 'Olga', kind: 'audio' }), [
    { kind: 'toast', text: 'Olga turned off your microphone.' },
    { kind: 'turnOff', device: 'audio' },
  ]);
});

test('unread chat counts messages from others until the chat is read', () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [person('a')]));
  state.apply(chat('m1', 'a'));
  state.apply(chat('m2', 'me'));
  state.apply(chat('m3', 'a'));
  assert.equal(state.unreadChat.value, 2);
  state.markChatRead();
  assert.equal(state.unreadChat.value, 0);
  state.apply(chat('m4', 'a'));
  assert.equal(state.unreadChat.value, 1);
});

test('leaving forgets the meeting', () => {
  const state = new MeetingState('Room');
  state.apply(joined(person('me'), [person('a')], { recording: true }));
  state.apply({ type: 'askUnmute', by: 'Olga' });
  state.clear();
  assert.deepEqual(state.roster.people.value, []);
  assert.equal(state.unmuteAsk.value, null);
  assert.equal(state.recordingNotice.value, null);
  assert.equal(state.recording.value.active, false);
});
