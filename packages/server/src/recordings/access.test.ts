import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, type Action, type Context, type Principal } from '../policy/policy.ts';

const anon: Principal = { kind: 'anonymous' };
const owner: Principal = { kind: 'user', id: 'o1', role: 'member' };
const member: Principal = { kind: 'user', id: 'm1', role: 'member' };
const admin: Principal = { kind: 'user', id: 'a1', role: 'admin' };
const coModerator: Principal = { kind: 'user', id: 'c1', role: 'member' };
const room: Context = { roomOwnerId: 'o1', roomModeratorIds: ['c1'] };
const shared: Context = { ...room, recordingSharedWith: true };
const adminsWatch: Context = { ...room, adminsMayWatch: true };

const table: [Principal, Action, Context, boolean][] = [
  [anon, 'recording.view', room, false],
  [anon, 'recording.view', shared, false],
  [owner, 'recording.view', room, true],
  [member, 'recording.view', room, false],
  [coModerator, 'recording.view', room, true],
  [coModerator, 'recording.view', { roomOwnerId: 'o1', roomModeratorIds: [] }, false],
  [member, 'recording.view', shared, true],
  [admin, 'recording.view', room, false],
  [admin, 'recording.view', adminsWatch, true],
  [member, 'recording.view', adminsWatch, false],
  [owner, 'recording.manage', room, true],
  [member, 'recording.manage', shared, false],
  [admin, 'recording.manage', adminsWatch, false],
  // Sharing by account and deleting stay the owner's; a co-moderator may hand out a time-limited link.
  [coModerator, 'recording.manage', room, false],
  [coModerator, 'recording.delete', room, false],
  [owner, 'recording.share-link', room, true],
  [coModerator, 'recording.share-link', room, true],
  [member, 'recording.share-link', shared, false],
  [admin, 'recording.share-link', adminsWatch, false],
  [anon, 'recording.share-link', room, false],
  [owner, 'recording.delete', room, true],
  [member, 'recording.delete', shared, false],
  [admin, 'recording.delete', room, true],
  [anon, 'recording.delete', room, false],
  [anon, 'meeting.record', { meetingRole: 'guest' }, false],
  [member, 'meeting.record', { meetingRole: 'participant' }, false],
  [owner, 'meeting.record', { meetingRole: 'moderator' }, true],
];

test('recording permission table', () => {
  for (const [principal, action, context, expected] of table) {
    const who = principal.kind === 'user' ? `${principal.role}:${principal.id}` : 'anonymous';
    assert.equal(can(principal, action, context), expected, `${who} ${action} ${JSON.stringify(context)}`);
  }
});
