import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, decideJoin, type Action, type Context, type Principal } from './policy.ts';

const anon: Principal = { kind: 'anonymous' };
const member: Principal = { kind: 'user', id: 'm1', role: 'member' };
const owner: Principal = { kind: 'user', id: 'o1', role: 'member' };
const admin: Principal = { kind: 'user', id: 'a1', role: 'admin' };
const coModerator: Principal = { kind: 'user', id: 'c1', role: 'member' };
const room: Context = { roomOwnerId: 'o1', roomModeratorIds: ['c1'] };

const table: [Principal, Action, Context, boolean][] = [
  [anon, 'room.create', {}, false],
  [member, 'room.create', {}, true],
  [admin, 'room.create', {}, true],
  [anon, 'room.list-own', {}, false],
  [member, 'room.list-own', {}, true],
  [member, 'room.manage', room, false],
  [owner, 'room.manage', room, true],
  // Co-moderators run meetings; the room's settings and its list of moderators stay the owner's.
  [coModerator, 'room.manage', room, false],
  [coModerator, 'room.delete', room, false],
  [admin, 'room.manage', room, false],
  [anon, 'room.manage', room, false],
  [member, 'room.delete', room, false],
  [owner, 'room.delete', room, true],
  [admin, 'room.delete', room, true],
  [anon, 'admin.users', {}, false],
  [member, 'admin.users', {}, false],
  [owner, 'admin.users', {}, false],
  [admin, 'admin.users', {}, true],
  [member, 'admin.settings', {}, false],
  [admin, 'admin.settings', {}, true],
  [anon, 'meeting.publish', {}, false],
  [anon, 'meeting.publish', { meetingRole: 'guest' }, true],
  [anon, 'meeting.chat', { meetingRole: 'guest' }, true],
  [member, 'meeting.chat', {}, false],
  // Polls and breakout rooms: moderators run them, everyone in the meeting answers.
  [owner, 'meeting.poll', { meetingRole: 'moderator' }, true],
  [member, 'meeting.poll', { meetingRole: 'participant' }, false],
  [anon, 'meeting.poll', { meetingRole: 'guest' }, false],
  [anon, 'meeting.vote', { meetingRole: 'guest' }, true],
  [owner, 'meeting.livestream', { meetingRole: 'moderator' }, true],
  [member, 'meeting.livestream', { meetingRole: 'participant' }, false],
  [anon, 'meeting.livestream', { meetingRole: 'guest' }, false],
  [owner, 'room.livestream', room, true],
  [coModerator, 'room.livestream', room, true],
  [member, 'room.livestream', room, false],
  [admin, 'room.livestream', room, false],
  [anon, 'room.livestream', room, false],
  [member, 'meeting.vote', {}, false],
  [anon, 'meeting.breakouts', { meetingRole: 'moderator' }, true],
  [member, 'meeting.breakouts', { meetingRole: 'participant' }, false],
  [anon, 'meeting.breakouts', { meetingRole: 'guest' }, false],
  [anon, 'meeting.breakout-move', { meetingRole: 'moderator' }, true],
  [anon, 'meeting.breakout-move', { meetingRole: 'guest' }, false],
  [anon, 'meeting.breakout-move', { meetingRole: 'guest', ownBreakoutChoice: true }, true],
  [member, 'meeting.breakout-move', { ownBreakoutChoice: true }, false],
  [owner, 'poll.results', room, true],
  [coModerator, 'poll.results', room, true],
  [member, 'poll.results', room, false],
  [admin, 'poll.results', room, false],
  [anon, 'poll.results', room, false],
  [anon, 'meeting.end', { meetingRole: 'guest' }, false],
  [member, 'meeting.end', { meetingRole: 'participant' }, false],
  [owner, 'meeting.end', { meetingRole: 'moderator' }, true],
  [admin, 'meeting.end', { meetingRole: 'participant' }, false],
  [anon, 'meeting.moderate', { meetingRole: 'guest' }, false],
  [anon, 'meeting.moderate', { meetingRole: 'moderator' }, true],
  [member, 'meeting.moderate', { meetingRole: 'participant' }, false],
  [admin, 'meeting.moderate', { meetingRole: 'participant' }, false],
  [owner, 'meeting.moderate', { meetingRole: 'moderator' }, true],
  // Slides: moderators present; a moderator may make anyone in the meeting presenter, guests too.
  [owner, 'meeting.present', { meetingRole: 'moderator' }, true],
  [member, 'meeting.present', { meetingRole: 'participant' }, false],
  [member, 'meeting.present', { meetingRole: 'participant', presenter: true }, true],
  [anon, 'meeting.present', { meetingRole: 'guest' }, false],
  [anon, 'meeting.present', { meetingRole: 'guest', presenter: true }, true],
  // The flag means nothing outside a meeting.
  [member, 'meeting.present', { presenter: true }, false],
  [anon, 'meeting.assign-presenter', { meetingRole: 'moderator' }, true],
  [member, 'meeting.assign-presenter', { meetingRole: 'participant', presenter: true }, false],
  [anon, 'meeting.assign-presenter', { meetingRole: 'guest' }, false],
  [anon, 'meeting.view-slides', { meetingRole: 'guest' }, true],
  [member, 'meeting.view-slides', {}, false],
  [admin, 'meeting.view-slides', {}, false],
  // Whiteboard and notes: everyone by default; restricted, moderators (and on the board presenters) only.
  [anon, 'meeting.draw', { meetingRole: 'guest', collabAccess: 'everyone' }, true],
  [member, 'meeting.draw', { meetingRole: 'participant', collabAccess: 'moderators' }, false],
  [member, 'meeting.draw', { meetingRole: 'participant', collabAccess: 'moderators', presenter: true }, true],
  [owner, 'meeting.draw', { meetingRole: 'moderator', collabAccess: 'moderators' }, true],
  [member, 'meeting.draw', { collabAccess: 'everyone' }, false],
  [anon, 'meeting.edit-notes', { meetingRole: 'guest', collabAccess: 'everyone' }, true],
  [member, 'meeting.edit-notes', { meetingRole: 'participant', collabAccess: 'moderators', presenter: true }, false],
  [anon, 'meeting.edit-notes', { meetingRole: 'moderator', collabAccess: 'moderators' }, true],
  [owner, 'room.notes', room, true],
  [coModerator, 'room.notes', room, true],
  [member, 'room.notes', room, false],
  [anon, 'room.notes', room, false],
  [admin, 'room.notes', room, false],
];

test('permission table', () => {
  for (const [principal, action, context, expected] of table) {
    const who = principal.kind === 'user' ? `${principal.role}:${principal.id}` : 'anonymous';
    assert.equal(can(principal, action, context), expected, `${who} ${action} ${JSON.stringify(context)}`);
  }
});

test('join decisions', () => {
  const base = { ownerId: 'o1', moderatorIds: ['c1'], accessCode: null };
  assert.deepEqual(decideJoin(owner, { ...base, guests: 'off' }, false, undefined), { ok: true, as: 'member', role: 'moderator' });
  assert.deepEqual(decideJoin(member, { ...base, guests: 'off' }, false, undefined), { ok: true, as: 'member', role: 'participant' });
  assert.deepEqual(decideJoin(coModerator, { ...base, guests: 'off' }, false, undefined), { ok: true, as: 'member', role: 'moderator' });
  assert.deepEqual(decideJoin(coModerator, { ...base, moderatorIds: [], guests: 'off' }, false, undefined), { ok: true, as: 'member', role: 'participant' });
  assert.deepEqual(decideJoin(coModerator, { ...base, guests: 'off', ownerSuspended: true }, false, undefined), { ok: false, code: 'owner-suspended' });
  assert.deepEqual(decideJoin(admin, { ...base, guests: 'off' }, false, undefined), { ok: true, as: 'member', role: 'participant' });
  assert.deepEqual(decideJoin(anon, { ...base, guests: 'off' }, true, undefined), { ok: false, code: 'members-only' });
  assert.deepEqual(decideJoin(anon, { ...base, guests: 'link' }, false, undefined), { ok: false, code: 'guests-disabled' });
  assert.deepEqual(decideJoin(anon, { ...base, guests: 'link' }, true, undefined), { ok: true, as: 'guest', role: 'guest' });
  const coded = { ownerId: 'o1', moderatorIds: [], guests: 'code' as const, accessCode: '123456' };
  assert.deepEqual(decideJoin(anon, coded, true, undefined), { ok: false, code: 'access-code-required' });
  assert.deepEqual(decideJoin(anon, coded, true, '654321'), { ok: false, code: 'wrong-access-code' });
  assert.deepEqual(decideJoin(anon, coded, true, '123456'), { ok: true, as: 'guest', role: 'guest' });
  assert.deepEqual(decideJoin(anon, coded, false, '123456'), { ok: false, code: 'guests-disabled' });
});
