import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TalkView } from '@moot/protocol';
import { StageEvent } from './stage-event.ts';

function event(): { stage: StageEvent; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { stage: new StageEvent(300, () => clock.now), clock };
}

const added = (result: ReturnType<StageEvent['add']>) => {
  assert.notEqual(typeof result, 'string', `refused: ${String(result)}`);
  return result;
};
const talkOf = (stage: StageEvent, who: string): TalkView => stage.view().queue.find((t) => t.participantId === who)!;

test('everyone is in the audience until moved; the next talk’s speaker waits backstage as soon as it is queued', () => {
  const { stage } = event();
  assert.equal(stage.placeOf('ann'), 'audience');
  assert.deepEqual(added(stage.add('ann', 'Ann', 'Rust in 5', undefined)), [{ participantId: 'ann', from: 'audience', to: 'backstage' }]);
  assert.deepEqual(added(stage.add('bob', 'Bob', 'Zig', 2 * 60)), [], 'the second talk’s speaker stays in the audience');
  const view = stage.view();
  assert.deepEqual(view.backstage, ['ann']);
  assert.deepEqual(view.queue.map((t) => [t.participantId, t.title, t.seconds]), [['ann', 'Rust in 5', 300], ['bob', 'Zig', 120]]);
  assert.equal(view.current, null);
});

test('moving the next speaker on stage starts their talk and timer and brings the one after backstage', () => {
  const { stage, clock } = event();
  stage.add('ann', 'Ann', 'Rust', undefined);
  stage.add('bob', 'Bob', 'Zig', undefined);
  const changes = stage.move('ann', 'stage');
  assert.deepEqual(changes, [
    { participantId: 'ann', from: 'backstage', to: 'stage' },
    { participantId: 'bob', from: 'audience', to: 'backstage' },
  ]);
  clock.now += 61_500;
  const view = stage.view();
  assert.equal(view.current?.participantId, 'ann');
  assert.equal(view.current?.elapsed, 61);
  assert.deepEqual(view.queue.map((t) => t.participantId), ['bob']);
  assert.equal(stage.isCurrentSpeaker('ann'), true);
  assert.equal(stage.isCurrentSpeaker('bob'), false);
});

test('"Pass the mic" sends the speaker to the audience, the next on stage with a fresh timer, the one after backstage', () => {
  const { stage, clock } = event();
  for (const who of ['ann', 'bob', 'cid']) stage.add(who, who, `talk of ${who}`, undefined);
  stage.move('ann', 'stage');
  clock.now += 200_000;
  assert.deepEqual(stage.passMic(), [
    { participantId: 'ann', from: 'stage', to: 'audience' },
    { participantId: 'bob', from: 'backstage', to: 'stage' },
    { participantId: 'cid', from: 'audience', to: 'backstage' },
  ]);
  const view = stage.view();
  assert.equal(view.current?.participantId, 'bob');
  assert.equal(view.current?.elapsed, 0);
  assert.deepEqual(view.stage, ['bob']);
  assert.deepEqual(view.backstage, ['cid']);
  // The last talk handed on: the stage empties and no talk runs.
  stage.passMic();
  stage.passMic();
  assert.equal(stage.view().current, null);
  assert.deepEqual(stage.view().stage, []);
  assert.deepEqual(stage.passMic(), []);
});

test('a moderator on stage who hosts stays there when the first talk starts, and a question from the audience does not touch the talks', () => {
  const { stage } = event();
  stage.move('host', 'stage');
  stage.add('ann', 'Ann', 'Rust', undefined);
  stage.move('ann', 'stage');
  stage.move('quinn', 'stage');
  assert.deepEqual(stage.view().stage.sort(), ['ann', 'host', 'quinn']);
  assert.equal(stage.view().current?.participantId, 'ann');
  assert.deepEqual(stage.move('quinn', 'audience'), [{ participantId: 'quinn', from: 'stage', to: 'audience' }]);
  assert.deepEqual(stage.move('quinn', 'audience'), [], 'no change, nothing to apply');
});

test('the queue reorders and removes talks, keeping the next speaker backstage, and refuses unknown talks', () => {
  const { stage } = event();
  stage.add('ann', 'Ann', 'Rust', undefined);
  stage.add('bob', 'Bob', 'Zig', undefined);
  assert.deepEqual(stage.reorder(talkOf(stage, 'bob').id, 0), [{ participantId: 'bob', from: 'audience', to: 'backstage' }]);
  assert.deepEqual(stage.view().queue.map((t) => t.participantId), ['bob', 'ann']);
  // Ann stays backstage (a moderator may move her back); only the next speaker is brought there.
  assert.deepEqual(stage.view().backstage.sort(), ['ann', 'bob']);
  assert.deepEqual(stage.remove(talkOf(stage, 'ann').id), []);
  assert.equal(stage.remove('nope'), 'stage-talk-not-found');
  assert.equal(stage.reorder('nope', 0), 'stage-talk-not-found');
});

test('someone leaving loses their place and their queued talks; the queue has a limit', () => {
  const { stage } = event();
  stage.add('ann', 'Ann', 'Rust', undefined);
  stage.add('ann', 'Ann', 'Rust again', undefined);
  assert.equal(stage.left('zoe'), false, 'someone in the audience leaving changes nothing');
  assert.equal(stage.left('ann'), true);
  assert.equal(stage.placeOf('ann'), 'audience');
  assert.deepEqual(stage.view().queue, []);
  for (let i = 0; i < 50; i++) stage.add(`p${i}`, 'P', 'T', undefined);
  assert.equal(stage.add('late', 'Late', 'T', undefined), 'stage-queue-full');
});
