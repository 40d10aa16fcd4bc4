// Alice and Bob, each in a Chromium page, in one meeting of a moot whose media runs on two Janus
// nodes started as an operator runs external ones.
import { memberInMeeting, participantId, type Browsers, type Participant } from './browser.ts';
import { addRoom, addUser } from './fixtures.ts';
import { startJanusNodes, type JanusNodes } from './janus-nodes.ts';
import { startMoot, type Moot } from './moot.ts';

export interface TwoNodeMeeting {
  janus: JanusNodes;
  moot: Moot;
  a: Participant;
  b: Participant;
  /** Their participant ids in the meeting. */
  ids: { alice: string; bob: string };
  stop(): Promise<void>;
}

/** `label` names the people and the room; `env` is added to the server's environment. */
export async function startTwoNodeMeeting(browsers: Browsers, label: string, env: Record<string, string> = {}): Promise<TwoNodeMeeting> {
  const janus = await startJanusNodes(2);
  let moot: Moot | undefined;
  try {
    moot = await startMoot({ env: { ...janus.env, ...env } });
    const alice = await addUser(moot, `Alice ${label}`);
    const bob = await addUser(moot, `Bob ${label}`);
    const room = await addRoom(moot, alice, label);
    const a = await memberInMeeting(browsers, moot.url, alice, room.id, 'Alice');
    const b = await memberInMeeting(browsers, moot.url, bob, room.id, 'Bob');
    const ids = { alice: await participantId(a.page, `Alice ${label}`), bob: await participantId(a.page, `Bob ${label}`) };
    const server = moot;
    const stop = async () => {
      await server.stop();
      await janus.stop();
    };
    return { janus, moot, a, b, ids, stop };
  } catch (err) {
    await moot?.stop();
    await janus.stop();
    throw err;
  }
}
