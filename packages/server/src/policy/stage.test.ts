import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StagePlace } from '@moot/protocol';
import type { MemberKind } from '../meetings/member.ts';
import { decideSending, decideStageAction, decideStagePlace, forwardsCamera, type Sending, type StageMessageType } from './stage.ts';

const decided = (d: { ok: true } | { ok: false; code: string }) => (d.ok ? true : d.code);

test('moderators run the stage event; the current speaker may only pass the mic; nobody else changes it', () => {
  // [message, moderator, current speaker, stage event running, decision]
  const table: [StageMessageType, boolean, boolean, boolean, true | 'forbidden' | 'stage-off'][] = [
    ['stageMode', true, false, false, true],
    ['stageMode', true, false, true, true],
    ['stageMode', false, false, false, 'forbidden'],
    ['stageMode', false, true, true, 'forbidden'],
    ['stageMove', true, false, true, true],
    ['stageMove', true, false, false, 'stage-off'],
    ['stageMove', false, false, true, 'forbidden'],
    ['stageMove', false, true, true, 'forbidden'],
    ['stageQueueAdd', true, false, true, true],
    ['stageQueueAdd', false, false, true, 'forbidden'],
    ['stageQueueAdd', false, true, true, 'forbidden'],
    ['stageQueueMove', true, false, true, true],
    ['stageQueueMove', false, true, true, 'forbidden'],
    ['stageQueueRemove', true, false, true, true],
    ['stageQueueRemove', false, true, true, 'forbidden'],
    ['stageQueueRemove', true, false, false, 'stage-off'],
    ['stagePassMic', true, false, true, true],
    ['stagePassMic', false, true, true, true],
    ['stagePassMic', false, false, true, 'forbidden'],
    ['stagePassMic', true, false, false, 'stage-off'],
    ['stagePassMic', false, true, false, 'forbidden'],
  ];
  for (const [type, moderator, currentSpeaker, active, expected] of table) {
    assert.equal(decided(decideStageAction(type, { moderator, currentSpeaker, active })), expected, JSON.stringify({ type, moderator, currentSpeaker, active }));
  }
});

test('someone who only listens stays in the audience; browsers and phone callers may go anywhere', () => {
  const table: [MemberKind, StagePlace, true | 'stage-listener'][] = [
    ['listener', 'audience', true],
    ['listener', 'backstage', 'stage-listener'],
    ['listener', 'stage', 'stage-listener'],
    ['browser', 'stage', true],
    ['browser', 'backstage', true],
    ['rtp', 'stage', true],
    ['rtp', 'audience', true],
  ];
  for (const [kind, place, expected] of table) assert.equal(decided(decideStagePlace(kind, place)), expected, `${kind} ${place}`);
});

test('the stage sends everything; backstage only checks its camera unseen; the audience sends nothing', () => {
  const table: [StagePlace, Sending, true | 'stage-held'][] = [
    ['stage', 'audio', true],
    ['stage', 'video', true],
    ['stage', 'screen', true],
    ['backstage', 'audio', 'stage-held'],
    ['backstage', 'video', true],
    ['backstage', 'screen', 'stage-held'],
    ['audience', 'audio', 'stage-held'],
    ['audience', 'video', 'stage-held'],
    ['audience', 'screen', 'stage-held'],
  ];
  for (const [place, sending, expected] of table) assert.equal(decided(decideSending(place, sending)), expected, `${place} ${sending}`);
  assert.deepEqual((['stage', 'backstage', 'audience'] as const).map(forwardsCamera), [true, false, false]);
});
