// A receiving PeerConnection's first subscription can meet a feed that has just left. Against
// the real Janus: such a failed join must not leave the subscriber unusable, so the next change
// joins afresh instead of being refused forever as "unconfigured".
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { RunningServer } from '../../packages/server/src/server.ts';
import type { MediaRooms } from '../../packages/server/src/media/driver.ts';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { testServerEnv } from '../helpers/moot.ts';

let server: RunningServer;
let rooms: MediaRooms;

before(async () => {
  const { env } = await testServerEnv();
  server = await startInProcess(env);
  rooms = await server.services.media.createRooms({ maxPublishers: 4 }, { talking: () => undefined });
});

after(async () => {
  await rooms?.destroy();
  await server?.stop();
});

test('a subscriber whose first join met a vanished feed joins afresh on the next change, instead of being refused as unconfigured', async () => {
  const subscriber = rooms.openSubscriber('tester', { offer: () => undefined, slowLink: () => undefined });
  const gone = 987_654_321;
  await assert.rejects(subscriber.update([gone], []), /No such feed/);
  await assert.rejects(subscriber.update([gone], []), (err: Error) => {
    assert.match(err.message, /No such feed/);
    assert.doesNotMatch(err.message, /unconfigured/);
    return true;
  });
  await subscriber.close();
});
