import { after, before } from 'node:test';
import type { GuestPolicy } from '../../packages/protocol/src/index.ts';
import { Browsers } from './browser.ts';
import { addRoom, addUser, type TestRoom, type TestUser } from './fixtures.ts';
import { startMoot, type Moot, type StartOptions } from './moot.ts';

/**
 * One server and its browsers for a browser-test file: the file's `before` awaits `start()`
 * (guests switched on when asked; `env` there adds what is only known then), and both are
 * stopped after the file's tests, even when one failed.
 */
export function serverWithBrowsers(options: StartOptions & { guests?: boolean } = {}): {
  start: (env?: Record<string, string>) => Promise<Moot>;
  browsers: Browsers;
} {
  const { guests, ...startOptions } = options;
  const browsers = new Browsers();
  let started: Promise<Moot> | undefined;
  after(async () => {
    await browsers.close();
    const moot = await started?.catch(() => undefined);
    await moot?.stop();
  });
  const start = (env: Record<string, string> = {}) =>
    (started ??= (async () => {
      const moot = await startMoot({ ...startOptions, env: { ...startOptions.env, ...env } });
      if (guests) await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
      return moot;
    })());
  return { start, browsers };
}

type Cast<N extends string> = { moot: Moot; room: TestRoom } & Record<N, TestUser>;

/**
 * The usual cast of a browser-test file, made in its `before`: its server, members by the
 * names tests call them (`{ alice: 'Alice Desk' }`) and a room owned by one of them. The
 * fields are there once `before` has run. `env`, when given, is awaited first and adds to the
 * server's environment what only a helper started then knows (a relay's address).
 */
export function castOf<N extends string>(
  suite: ReturnType<typeof serverWithBrowsers>,
  people: Record<N, string>,
  room: { name: string; owner: NoInfer<N>; guests?: GuestPolicy; code?: string },
  env?: () => Promise<Record<string, string>>,
): Cast<N> {
  const cast = {} as Cast<N>;
  before(async () => {
    const moot = await suite.start(await env?.());
    const members = {} as Record<N, TestUser>;
    for (const key of Object.keys(people) as N[]) members[key] = await addUser(moot, people[key]);
    Object.assign(cast, members, { moot, room: await addRoom(moot, members[room.owner], room.name, room.guests, room.code) });
  });
  return cast;
}
