import { after, afterEach, before } from 'node:test';
import type { GuestPolicy } from '../../packages/protocol/src/index.ts';
import { audienceRoom } from './audience-room.ts';
import { Browsers } from './browser.ts';
import { addRoom, addUser, Sockets, type TestRoom, type TestUser } from './fixtures.ts';
import { startMoot, type Moot, type StartOptions } from './moot.ts';

/** A server started on first need, with guests switched on when asked; `env` adds what is only known then. */
function lazyServer(options: StartOptions & { guests?: boolean }): { start: (env?: Record<string, string>) => Promise<Moot>; stop: () => Promise<void> } {
  const { guests, ...startOptions } = options;
  let started: Promise<Moot> | undefined;
  return {
    start: (env = {}) =>
      (started ??= (async () => {
        const moot = await startMoot({ ...startOptions, env: { ...startOptions.env, ...env } });
        if (guests) await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
        return moot;
      })()),
    stop: async () => {
      const moot = await started?.catch(() => undefined);
      await moot?.stop();
    },
  };
}

/**
 * One server and its browsers for a browser-test file: the file's `before` awaits `start()`,
 * and both are stopped after the file's tests, even when one failed.
 */
export function serverWithBrowsers(options: StartOptions & { guests?: boolean } = {}): {
  start: (env?: Record<string, string>) => Promise<Moot>;
  browsers: Browsers;
} {
  const server = lazyServer(options);
  const browsers = new Browsers();
  after(async () => {
    await browsers.close();
    await server.stop();
  });
  return { start: server.start, browsers };
}

/**
 * One server and the signaling sockets of an integration-test file: the sockets close after each
 * test (with `leave`, so no meeting outlives its test), the server after the file's tests.
 */
export function serverWithSockets(options: StartOptions & { guests?: boolean } = {}): {
  start: (env?: Record<string, string>) => Promise<Moot>;
  sockets: Sockets;
} {
  const server = lazyServer(options);
  const sockets = new Sockets();
  afterEach(() => sockets.closeAll());
  after(async () => {
    await sockets.closeAll();
    await server.stop();
  });
  return { start: server.start, sockets };
}

type Cast<N extends string> = { moot: Moot; room: TestRoom } & Record<N, TestUser>;

/**
 * The usual cast of a browser-test file, made in its `before`: its server, members by the
 * names tests call them (`{ alice: 'Alice Desk' }`) and a room owned by one of them. The
 * fields are there once `before` has run. `env`, when given, is awaited first and adds to the
 * server's environment what only a helper started then knows (a relay's address).
 */
export function castOf<N extends string>(
  suite: { start: (env?: Record<string, string>) => Promise<Moot> },
  people: Record<N, string>,
  /** With `audience`, open to guests by link and everyone joins as audience. */
  room: { name: string; owner: NoInfer<N>; guests?: GuestPolicy; code?: string; audience?: boolean },
  env?: () => Promise<Record<string, string>>,
): Cast<N> {
  const cast = {} as Cast<N>;
  before(async () => {
    const moot = await suite.start(await env?.());
    const members = {} as Record<N, TestUser>;
    for (const key of Object.keys(people) as N[]) members[key] = await addUser(moot, people[key]);
    const owner = members[room.owner];
    Object.assign(cast, members, { moot, room: room.audience ? await audienceRoom(moot, owner, room.name) : await addRoom(moot, owner, room.name, room.guests, room.code) });
  });
  return cast;
}
