// Faults on the signaling side of a meeting, with two real browsers:
// - the moot server is killed (SIGKILL, with its Janus, as a service manager cleans up after a
//   crash) and started again on the same port and data: both pages enter the meeting again by
//   themselves, without a click, and media flows again;
// - signaling is cut for 20 s (a TCP proxy in front of the server drops every connection and
//   refuses new ones), shorter than the grace period: the page resumes its place, with the same
//   participant id, and the other page never sees it leave.
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, afterEach } from 'node:test';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import {
  Browsers,
  inboundMix,
  joinAsMember,
  memberInMeeting,
  participantId,
  signIn,
  waitForMediaFrom,
  waitForMix,
  type Participant,
} from '../helpers/browser.ts';
import { addRoom, addUser } from '../helpers/fixtures.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { freePort } from '../helpers/ports.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const browsers = new Browsers();
const servers: Moot[] = [];
// A test that fails midway leaves its pages open; the next one starts with none.
afterEach(() => browsers.closePages());
after(async () => {
  await browsers.close();
  for (const moot of servers) await moot.stop();
});

test('after the server is killed and started again, both pages are back in the meeting by themselves and media flows again', { timeout: 300_000 }, async () => {
  const dataDir = makeTempDir('moot-restart-');
  const first = await startMoot({ dataDir });
  servers.push(first);
  const alice = await addUser(first, 'Alice Restart');
  const bob = await addUser(first, 'Bob Restart');
  const room = await addRoom(first, alice, 'Restart');

  // Alice's page keeps what it receives, to say what happened if it does not come back.
  const a = await browsers.newParticipant('Alice');
  await a.context.addInitScript(recordSignaling);
  await signIn(a.page, first.url, alice.email, alice.password);
  await joinAsMember(a.page, first.url, room.id);
  const b = await memberInMeeting(browsers, first.url, bob, room.id, 'Bob');
  const before = { alice: await participantId(a.page, 'Alice Restart'), bob: await participantId(a.page, 'Bob Restart') };
  const videoA = await waitForMediaFrom(a.page, before.bob, 'video');
  const videoB = await waitForMediaFrom(b.page, before.alice, 'video');
  await waitForMix(a.page, 'sound');
  const mixA = await inboundMix(a.page);
  const mixB = await inboundMix(b.page);
  assert.ok(mixA && mixB, 'both pages play the audio mix');

  await first.crash();
  const second = await startMoot({ dataDir, env: first.env });
  servers.push(second);
  assert.equal(second.url, first.url, 'the same address');

  // The new server knows no resume token: each page enters again as a new participant.
  let lists: string[][] = [];
  const after = await waitFor(
    async () => {
      lists = [await idsOf(b.page, 'Alice Restart'), await idsOf(a.page, 'Bob Restart')];
      const [alice, bob] = lists.map((ids) => (ids.length === 1 ? ids[0] : undefined));
      return alice && bob && alice !== before.alice && bob !== before.bob ? { alice, bob } : null;
    },
    { timeoutMs: 90_000, message: 'both pages to enter the meeting again' },
  ).catch(async (error: Error) => {
    error.message += ` (ids listed: ${JSON.stringify(lists)}; Alice's page received: ${JSON.stringify(await received(a.page))})`;
    throw error;
  });
  await waitForMediaFrom(a.page, after.bob, 'video', { timeoutMs: 60_000, newerThanPc: videoA.pcIndex });
  await waitForMediaFrom(b.page, after.alice, 'video', { timeoutMs: 60_000, newerThanPc: videoB.pcIndex });
  await waitForMix(a.page, 'sound', { timeoutMs: 60_000, newerThanPc: mixA.pcIndex });
  await waitForMix(b.page, 'sound', { timeoutMs: 60_000, newerThanPc: mixB.pcIndex });
  for (const page of [a.page, b.page]) {
    assert.equal(await page.getByRole('button', { name: 'Leave' }).count(), 1, 'in the meeting');
    assert.equal(await page.getByRole('button', { name: 'Join', exact: true }).count(), 0, 'not on the pre-join screen');
  }
  await a.close();
  await b.close();
});

/** The ids of the list entries named `name`, as the page shows them now. */
function idsOf(page: Page, name: string): Promise<string[]> {
  return page
    .locator('ul[aria-label="Participants"] > li[data-participant-id]')
    .filter({ hasText: name })
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-participant-id') ?? ''));
}

/** The types (and error codes) of the signaling messages the page received. */
async function received(page: Page): Promise<string[]> {
  const seen = await page.evaluate(() => (window as unknown as { __signalingTypes: { type: string; code?: string }[] }).__signalingTypes);
  return seen.map((m) => (m.code ? `${m.type}:${m.code}` : m.type)).filter((t) => t !== 'videoLayers');
}

/**
 * A TCP proxy in front of the server: the browsers' only way to it. Each connection is marked
 * with the `owner` set when it opened, so one person's connections can be cut and the others kept.
 */
class Link {
  private sockets = new Map<Socket, string>();
  private cut = false;
  owner = '';
  private constructor(
    private server: Server,
    readonly port: number,
  ) {}

  static async open(target: () => number): Promise<Link> {
    const port = await freePort();
    let link: Link | undefined;
    const server = createServer((client) => {
      if (link!.cut) return client.destroy();
      const upstream = connect(target(), '127.0.0.1');
      const owner = link!.owner;
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        link!.sockets.set(from, owner);
        from.pipe(to);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          link!.sockets.delete(from);
          to.destroy();
        });
      }
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    link = new Link(server, port);
    return link;
  }

  /** Drops the connections of `owner` (everyone's without) and refuses new ones, as a network that went away. */
  down(owner?: string): void {
    this.cut = true;
    for (const [socket, of] of this.sockets) if (owner === undefined || of === owner) socket.destroy();
  }

  up(): void {
    this.cut = false;
  }

  close(): Promise<void> {
    this.down();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Keeps the type of every signaling message the page receives, in `window.__signalingTypes`. */
const recordSignaling = `(() => {
  const Original = window.WebSocket;
  const types = [];
  Object.defineProperty(window, '__signalingTypes', { value: types });
  window.WebSocket = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        try { types.push(JSON.parse(event.data)); } catch {}
      });
    }
  };
})();`;

test('signaling cut for 20 s: the page resumes its place, with the same id, and the other never sees it leave', { timeout: 240_000 }, async () => {
  let serverPort = 0;
  const link = await Link.open(() => serverPort);
  try {
    const publicUrl = `http://127.0.0.1:${link.port}`;
    const moot = await startMoot({ env: { MOOT_PUBLIC_URL: publicUrl } });
    servers.push(moot);
    serverPort = moot.port;
    const alice = await addUser(moot, 'Alice Cut');
    const bob = await addUser(moot, 'Bob Cut');
    const room = await addRoom(moot, alice, 'Cut');

    link.owner = 'alice';
    const a = await memberInMeeting(browsers, publicUrl, alice, room.id, 'Alice');
    link.owner = 'bob';
    const b: Participant = await browsers.newParticipant('Bob');
    await b.context.addInitScript(recordSignaling);
    await signIn(b.page, publicUrl, bob.email, bob.password);
    await joinAsMember(b.page, publicUrl, room.id);
    const aliceId = await participantId(b.page, 'Alice Cut');
    assert.equal(await participantId(a.page, 'Alice Cut'), aliceId);
    await waitForMediaFrom(b.page, aliceId, 'video');

    link.down('alice');
    await sleep(20_000);
    link.up();

    // Back: Alice's page resumed (her own id unchanged) and is connected again in Bob's list.
    await waitFor(async () => (await b.page.locator(`li[data-participant-id="${aliceId}"]`).count()) === 1, { message: 'Alice in the list' });
    await waitFor(
      async () => {
        const seen = await b.page.evaluate(() => (window as unknown as { __signalingTypes: { type: string; participant?: { id: string; connected: boolean } }[] }).__signalingTypes);
        const updates = seen.filter((m) => m.type === 'participantUpdated' && m.participant?.id === aliceId);
        return updates.some((m) => m.participant?.connected === false) && updates.at(-1)?.participant?.connected === true;
      },
      { timeoutMs: 30_000, message: "Bob's page to see Alice drop and come back" },
    );
    assert.equal(await participantId(a.page, 'Alice Cut'), aliceId, 'Alice has the same participant id');
    assert.equal(await participantId(b.page, 'Alice Cut'), aliceId);
    const seen = await b.page.evaluate(() => (window as unknown as { __signalingTypes: { type: string; id?: string }[] }).__signalingTypes);
    assert.deepEqual(seen.filter((m) => m.type === 'participantLeft'), [], 'nobody left the meeting');
    await waitForMediaFrom(b.page, aliceId, 'video', { timeoutMs: 30_000 });
    assert.equal(await a.page.getByRole('button', { name: 'Leave' }).count(), 1, 'Alice is in the meeting');
    await a.close();
    await b.close();
  } finally {
    await link.close();
  }
});
