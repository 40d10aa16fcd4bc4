import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { FakeDriver } from './fake-driver.ts';
import type { RtpForward, VideoPublisher } from './driver.ts';
import { SpreadRooms, type CascadePublisher, type MeetingNode, type MixLink, type NodeRooms, type RemoteFeedAddress, type RemoteStream } from './spread-rooms.ts';

const log = pino({ level: 'silent' });
const STREAMS: RemoteStream[] = [{ type: 'video', mindex: 0, mid: '0', codec: 'vp8', simulcast: true }];

/** A node's rooms over the fake driver, keeping the links, forwards and copies a cascade asks for. */
class FakeNodeRooms {
  links: MixLink[] = [];
  voicesTo: MixLink[] = [];
  copies = new Map<number, { streams: RemoteStream[]; removed: boolean }>();
  sentTo: { feedId: number; remoteId: string; to: RemoteFeedAddress }[] = [];
  destroyed = false;

  constructor(
    readonly name: string,
    private inner = new FakeDriver(),
  ) {}

  async make(): Promise<NodeRooms> {
    const rooms = await this.inner.createRooms({ maxPublishers: 10 }, { talking: () => undefined });
    const open = rooms.openPublisher.bind(rooms);
    return Object.assign(rooms, {
      openPublisher: async (member: string, source: 'camera' | 'screen', bitrate: number): Promise<CascadePublisher> => {
        const publisher: VideoPublisher = await open(member, source, bitrate);
        let streams: RemoteStream[] | undefined;
        const offer = publisher.offer.bind(publisher);
        return Object.assign(publisher, {
          offer: async (sdp: string) => {
            const answer = await offer(sdp);
            streams = STREAMS;
            return answer;
          },
          streams: () => streams,
        });
      },
      openLink: async (): Promise<MixLink> => {
        const link = { host: this.name, port: 5000 + this.links.length, close: async () => undefined };
        this.links.push(link);
        return link;
      },
      forwardVoices: async (into: MixLink): Promise<RtpForward> => {
        this.voicesTo.push(into);
        return { stop: async () => undefined };
      },
      addRemotePublisher: async (feedId: number, _display: string, streams: RemoteStream[]) => {
        const copy = { streams, removed: false };
        this.copies.set(feedId, copy);
        return {
          host: this.name,
          port: 6000 + feedId,
          rtcpPort: 7000 + feedId,
          update: async (changed: RemoteStream[]) => void (copy.streams = changed),
          remove: async () => void (copy.removed = true),
        };
      },
      publishRemotely: async (feedId: number, remoteId: string, to: RemoteFeedAddress) => void this.sentTo.push({ feedId, remoteId, to: { host: to.host, port: to.port, rtcpPort: to.rtcpPort } }),
      destroy: async () => void (this.destroyed = true),
    });
  }
}

interface Node extends MeetingNode {
  rooms: FakeNodeRooms;
}

function cluster(count: number, membersPerNode: number) {
  const nodes: Node[] = Array.from({ length: count }, (_, i) => ({ url: `node${i}`, placed: new Set(), rooms: new FakeNodeRooms(`node${i}`) }));
  let made = 0;
  const spread = async () =>
    new SpreadRooms<Node>(
      { node: nodes[0]!, rooms: await nodes[0]!.rooms.make() },
      {
        membersPerNode,
        nextNode: (taken) => nodes.find((n) => !taken.has(n)),
        createRooms: (node) => {
          made++;
          return node.rooms.make();
        },
      },
      log,
    );
  return { nodes, spread, made: () => made };
}

test('with no cascading every member stays on the home node', async () => {
  const { nodes, spread, made } = cluster(2, 0);
  const rooms = await spread();
  for (let i = 0; i < 5; i++) await rooms.openSeat(`m${i}`, true);
  assert.equal(made(), 0);
  assert.equal(rooms.seatsOn(nodes[0]!), 5);
  assert.deepEqual(
    nodes.filter((n) => n.placed.has(rooms)),
    [nodes[0]],
  );
});

test('a node carries its share of members; the next ones go to a further node, made once however many arrive together', async () => {
  const { nodes, spread, made } = cluster(3, 2);
  const rooms = await spread();
  await Promise.all(['a', 'b', 'c', 'd', 'e'].map((m) => rooms.openSeat(m, true)));
  assert.equal(made(), 2, 'two further parts for five members two to a node');
  assert.deepEqual(
    nodes.map((n) => rooms.seatsOn(n)),
    [2, 2, 1],
  );
  assert.ok(nodes.every((n) => n.placed.has(rooms)), 'every node lists the meeting');
});

test('a member keeps one node for every connection, and frees its place there when all are closed', async () => {
  const { nodes, spread } = cluster(2, 1);
  const rooms = await spread();
  const seat = await rooms.openSeat('a', false);
  const camera = await rooms.openPublisher('a', 'camera', 300_000);
  const receiving = rooms.openSubscriber('a', { offer: () => undefined, slowLink: () => undefined });
  await receiving.update([], []);
  await rooms.openSeat('b', false);
  assert.deepEqual(
    nodes.map((n) => rooms.seatsOn(n)),
    [1, 1],
    'b went to the second node, a’s other connections did not take a place',
  );
  await Promise.all([seat.close(), camera.close(), receiving.close()]);
  await rooms.openSeat('c', false);
  assert.deepEqual(
    nodes.map((n) => rooms.seatsOn(n)),
    [1, 1],
    'c took the place a left on the home node',
  );
});

test('each pair of nodes is linked both ways, each sending only into the other’s link', async () => {
  const { nodes, spread } = cluster(3, 1);
  const rooms = await spread();
  for (const m of ['a', 'b', 'c']) await rooms.openSeat(m, false);
  for (const node of nodes) assert.equal(node.rooms.links.length, 2, `${node.url} has a link from each other node`);
  for (const node of nodes) {
    assert.equal(node.rooms.voicesTo.length, 2, `${node.url} sends its voices to two links`);
    assert.ok(
      node.rooms.voicesTo.every((link) => link.host !== node.url),
      `${node.url} never sends into its own links`,
    );
  }
});

test('a publisher is carried to every other node before its answer returns, to a node that joins later too, and its copies go when it leaves', async () => {
  const { nodes, spread } = cluster(2, 1);
  const rooms = await spread();
  const camera = await rooms.openPublisher('a', 'camera', 300_000);
  await camera.offer('v=0');
  assert.equal(nodes[1]!.rooms.copies.size, 0, 'no other node yet');
  await rooms.openSeat('b', false);
  const copy = nodes[1]!.rooms.copies.get(camera.feedId);
  assert.deepEqual(copy?.streams, STREAMS, 'the node that joined got the publisher as described');
  assert.deepEqual(nodes[0]!.rooms.sentTo, [{ feedId: camera.feedId, remoteId: 'node1', to: { host: 'node1', port: 6000 + camera.feedId, rtcpPort: 7000 + camera.feedId } }]);

  const screen = await rooms.openPublisher('b', 'screen', 1_000_000);
  await screen.offer('v=0');
  assert.ok(nodes[0]!.rooms.copies.has(screen.feedId), 'b’s screen was carried to the home node when answered');
  await screen.offer('v=0');
  assert.equal(nodes[1]!.rooms.sentTo.length, 1, 'a renegotiation with the same streams sends nothing again');

  await camera.close();
  assert.equal(copy?.removed, true);
});

test('losing a node ends the meeting’s parts on the others and takes it off every node', async () => {
  const { nodes, spread } = cluster(2, 1);
  const rooms = await spread();
  await rooms.openSeat('a', false);
  await rooms.openSeat('b', false);
  await rooms.abandon(nodes[1]!);
  assert.equal(nodes[0]!.rooms.destroyed, true, 'the home part is ended');
  assert.equal(nodes[1]!.rooms.destroyed, false, 'the lost node is not asked');
  assert.ok(nodes.every((n) => !n.placed.has(rooms)));
});
