import { randomBytes } from 'node:crypto';
import type { GuestPolicy } from '../../packages/protocol/src/index.ts';
import { HttpClient } from './http.ts';
import type { Moot } from './moot.ts';
import { SignalingClient } from './signaling.ts';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  password: string;
}

export interface TestRoom {
  id: string;
  name: string;
  url: string;
  guests: GuestPolicy;
  accessCode?: string;
}

export function randomPassword(): string {
  return `pw-${randomBytes(9).toString('base64url')}`;
}

/** A room id in the right format that no server has created. */
export function unknownRoomId(): string {
  return randomBytes(16).toString('base64url');
}

/** `moot user add` with a known password (through --password-stdin). */
export async function addUser(moot: Pick<Moot, 'cli'>, name: string, { admin = false } = {}): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${randomBytes(3).toString('hex')}@example.test`;
  const password = randomPassword();
  const args = ['user', 'add', email, '--name', name, '--password-stdin', '--json'];
  if (admin) args.push('--admin');
  const user = await moot.cli<Omit<TestUser, 'password'>>(args, `${password}\n`);
  return { ...user, password };
}

/** `moot room add`. */
export async function addRoom(
  moot: Pick<Moot, 'cli'>,
  owner: TestUser,
  name: string,
  guests: GuestPolicy = 'off',
  accessCode?: string,
): Promise<TestRoom> {
  const args = ['room', 'add', '--owner', owner.email, '--name', name, '--guests', guests, '--json'];
  if (accessCode !== undefined) args.push('--access-code', accessCode);
  return moot.cli<TestRoom>(args);
}

const sessions = new Map<string, Promise<HttpClient>>();

/**
 * A signed-in REST client for `user`. One session per user and server is made and shared
 * (the server rate-limits sign-ins per address, as it should).
 */
export function signedIn(moot: Pick<Moot, 'url'>, user: TestUser): Promise<HttpClient> {
  const key = `${moot.url} ${user.email}`;
  let session = sessions.get(key);
  if (!session) {
    session = (async () => {
      const http = new HttpClient(moot.url);
      await http.signIn(user.email, user.password);
      return http;
    })();
    session.catch(() => sessions.delete(key));
    sessions.set(key, session);
  }
  return session;
}

/** A signed-in member's signaling connection. */
export async function memberSocket(moot: Pick<Moot, 'url'>, user: TestUser): Promise<SignalingClient> {
  return SignalingClient.connect(moot.url, await signedIn(moot, user));
}

export function guestSocket(moot: Pick<Moot, 'url'>): Promise<SignalingClient> {
  return SignalingClient.connect(moot.url);
}

/** Closes sockets left open by a test (also when it failed). */
export class Sockets {
  private list: SignalingClient[] = [];
  add(client: SignalingClient): SignalingClient {
    this.list.push(client);
    return client;
  }
  async member(moot: Pick<Moot, 'url'>, user: TestUser): Promise<SignalingClient> {
    return this.add(await memberSocket(moot, user));
  }
  async guest(moot: Pick<Moot, 'url'>): Promise<SignalingClient> {
    return this.add(await guestSocket(moot));
  }
  async closeAll(): Promise<void> {
    const list = this.list;
    this.list = [];
    await Promise.all(
      list.map(async (c) => {
        if (!c.closed) {
          try {
            c.send({ type: 'leave' });
          } catch {
            /* socket already going away */
          }
        }
        await c.close().catch(() => c.drop());
      }),
    );
  }
}
