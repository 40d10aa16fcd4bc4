import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GreenlightRoomOptions } from './model.ts';
import { mapRoomOptions } from './room-settings.ts';

const defaults: GreenlightRoomOptions = {
  muteOnStart: false,
  requireApproval: false,
  anyoneCanStart: false,
  allJoinAsModerator: false,
  requireSignIn: false,
  viewerCode: null,
  moderatorCode: null,
  record: null,
};

test('a room with Greenlight defaults is open by link, without lobby, with moot default muting and recording allowed', () => {
  assert.deepEqual(mapRoomOptions(defaults), {
    settings: { guests: 'link', lobby: 'off', joinMutedAbove: 10, recordingAllowed: true },
    notes: [],
  });
});

test('mute on start, moderator approval and a viewer code become joined muted, the lobby and guests by that code', () => {
  const { settings, notes } = mapRoomOptions({ ...defaults, muteOnStart: true, requireApproval: true, viewerCode: 'k3x9qa', record: false });
  assert.deepEqual(settings, { guests: 'code', accessCode: 'k3x9qa', lobby: 'everyone', joinMutedAbove: 0, recordingAllowed: false });
  assert.deepEqual(notes, []);
});

test('requiring sign-in makes the room members-only and drops the viewer code with a note', () => {
  const { settings, notes } = mapRoomOptions({ ...defaults, requireSignIn: true, viewerCode: '123456' });
  assert.equal(settings.guests, 'off');
  assert.equal(settings.accessCode, undefined);
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /viewer access code is dropped/);
});

test('a viewer code moot cannot take leaves the code to be made anew, with a note', () => {
  const { settings, notes } = mapRoomOptions({ ...defaults, viewerCode: 'ab' });
  assert.equal(settings.guests, 'code');
  assert.equal(settings.accessCode, undefined);
  assert.match(notes.join('\n'), /gets a new code/);
});

test('all-join-as-moderator and a moderator code are not carried, and each says so', () => {
  const { settings, notes } = mapRoomOptions({ ...defaults, allJoinAsModerator: true, moderatorCode: 'mod123', anyoneCanStart: true });
  assert.equal(settings.guests, 'link');
  assert.equal(notes.length, 2);
  assert.match(notes.join('\n'), /all join as moderator/);
  assert.match(notes.join('\n'), /moderator access code/);
});
