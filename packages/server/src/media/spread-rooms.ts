import type { VideoSource } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type {
  Candidate,
  MediaRooms,
  OfferedStream,
  ProgramChannel,
  RtpEndpoint,
  RtpForward,
  RtpSeat,
  RtpTarget,
  SubscriberEvents,
  VideoPublisher,
  VideoSubscriber,
  WebRtcSeat,
} from './driver.ts';

/** A published stream as another node's VideoRoom must be told of it to carry it as a remote publisher. */
export interface RemoteStream {
  type: string;
  mindex: number;
  mid: string;
  codec: string;
  simulcast?: boolean;
}


/** Where a node receives another node's copy of a publisher (RTP, and RTCP for key-frame requests back). */
export interface RemoteFeedAddress {
  host: string;
  port: number;
  rtcpPort: number;
}

/** A publisher of one node carried by another node's VideoRoom. */
export interface RemoteFeed extends RemoteFeedAddress {
  update(streams: RemoteStream[]): Promise<void>;
  remove(): Promise<void>;
}

/** A plain-RTP place in a node's mix where another node's voices come in. */
export interface MixLink {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** A publisher as a cascade needs it: what the core needs, and the streams another node must be told of. */
export interface CascadePublisher extends VideoPublisher {
  /** The streams as the last offer's answer described them; undefined before the first offer. */
  streams(): RemoteStream[] | undefined;
}

/** A meeting's rooms on one node, and what links them to its rooms on the others. */
export interface NodeRooms extends MediaRooms {
  openPublisher(member: string, source: VideoSource, bitrate: number): Promise<CascadePublisher>;
  /** A receive-only place in this node's mix for another node's voices. */
  openLink(): Promise<MixLink>;
  /** This node's members' voices only (not what links brought in), into another node's link. */
  forwardVoices(into: MixLink): Promise<RtpForward>;
  /** A publisher of another node, carried here under the same feed id. */
  addRemotePublisher(feedId: number, display: string, streams: RemoteStream[]): Promise<RemoteFeed>;
  /** Sends a publisher of this node to another node's copy of it (`remoteId` names that copy here). */
  publishRemotely(feedId: number, remoteId: string, to: RemoteFeedAddress): Promise<void>;
}

/** A Janus node as a meeting sees it: the meetings it carries. */
export interface MeetingNode {
  readonly url: string;
  readonly placed: Set<SpreadRooms>;
}

/** How a meeting spreads over further nodes. */
export interface Spreading<N extends MeetingNode> {
  /** Members of the meeting one node carries before the next is used; 0 keeps the meeting on its home node. */
  membersPerNode: number;
  /** The node for the meeting's next part, other than those it has; undefined when none can take one. */
  nextNode(taken: ReadonlySet<N>): N | undefined;
  /** The meeting's rooms on that node. */
  createRooms(node: N): Promise<NodeRooms>;
}

/** One node's share of a meeting: its rooms there and the members whose media it carries. */
interface Part<N extends MeetingNode = MeetingNode> {
  node: N;
  rooms: NodeRooms;
  /** Open seats, publishers and subscribers of each member placed here. */
  members: Map<string, number>;
  seats: number;
  /** The links that bring each other part's voices into this part's mix. */
  links: MixLink[];
  /** Linked and carrying every publisher: members may be placed here. */
  ready: boolean;
}

/** A publisher and its copies on the meeting's other nodes. */
interface Published {
  part: Part;
  publisher: CascadePublisher;
  display: string;
  remotes: Map<Part, Promise<RemoteFeed>>;
  /** The streams as last told to the other parts. */
  described: string;
}

/**
 * A meeting's rooms, on one Janus node or cascaded over several. Each member's connections go
 * to one node: the meeting's home node until it carries `membersPerNode` of them, then a
 * further node (the least loaded the pool offers), and so on. The nodes are linked two ways:
 * - video: every publisher is published remotely to every other part (VideoRoom remote
 *   publishers), so a stream crosses between two nodes once whatever the number of
 *   subscribers, and a subscriber always subscribes on its own node;
 * - sound: every part forwards its members' voices (its AudioBridge group of members, not what
 *   links brought in) to a receive-only plain-RTP link in every other part's mix, so each mix
 *   holds everyone and no voice comes back to where it came from.
 * The whole mix, the program and everything that reads them come from the home node, whose mix
 * holds every part's voices.
 */
export class SpreadRooms<N extends MeetingNode = MeetingNode> implements MediaRooms {
  private readonly parts: Part<N>[];
  private placements = new Map<string, Part>();
  private published = new Set<Published>();
  private growing: Promise<Part | undefined> | undefined;

  constructor(
    home: { node: N; rooms: NodeRooms },
    private spreading: Spreading<N>,
    private log: Logger,
  ) {
    this.parts = [this.part(home.node, home.rooms)];
    home.node.placed.add(this);
  }

  get id(): number {
    return this.home.rooms.id;
  }

  get serverAddress(): string {
    return this.home.rooms.serverAddress;
  }

  private get home(): Part<N> {
    return this.parts[0]!;
  }

  /** Seats this meeting holds on `node` (the node's load). */
  seatsOn(node: MeetingNode): number {
    return this.parts.find((p) => p.node === node)?.seats ?? 0;
  }

  private part(node: N, rooms: NodeRooms): Part<N> {
    return { node, rooms, members: new Map(), seats: 0, links: [], ready: true };
  }

  /** The part a member's connections go to, placing a member not seen yet. */
  private async placeOf(member: string): Promise<Part> {
    const { membersPerNode } = this.spreading;
    for (;;) {
      const placed = this.placements.get(member);
      if (placed) return placed;
      const free = this.parts.find((p) => p.ready && (membersPerNode === 0 || p.members.size < membersPerNode));
      if (free) return this.place(member, free);
      // Those who waited for the same new part may have filled it: look again.
      if (!(await this.grow())) return this.placements.get(member) ?? this.place(member, this.leastFilled());
    }
  }

  private place(member: string, part: Part): Part {
    this.placements.set(member, part);
    part.members.set(member, 0);
    return part;
  }

  private leastFilled(): Part {
    return this.parts.reduce((a, b) => (b.ready && b.members.size < a.members.size ? b : a));
  }

  /** A new part on a further node, made once for all who wait for it; undefined when no node can take one. */
  private grow(): Promise<Part | undefined> {
    this.growing ??= this.addPart().finally(() => (this.growing = undefined));
    return this.growing;
  }

  private async addPart(): Promise<Part | undefined> {
    const node = this.spreading.nextNode(new Set(this.parts.map((p) => p.node)));
    if (!node) return undefined;
    let part: Part<N> | undefined;
    try {
      part = { ...this.part(node, await this.spreading.createRooms(node)), ready: false };
      for (const other of this.parts) await this.link(other, part);
      // Listed before its publishers are carried, so one answered meanwhile is carried there too.
      this.parts.push(part);
      node.placed.add(this);
      for (const entry of this.published) await this.remotize(entry, part);
    } catch (err) {
      this.log.warn({ node: node.url, err: String(err) }, 'could not spread a meeting to another janus node');
      if (part) {
        const at = this.parts.indexOf(part);
        if (at >= 0) this.parts.splice(at, 1);
        node.placed.delete(this);
        await part.rooms.destroy().catch(() => undefined);
      }
      return undefined;
    }
    part.ready = true;
    this.log.info({ node: node.url, parts: this.parts.length }, 'meeting spread to another janus node');
    return part;
  }

  /** Each part's members' voices into the other's mix, through a receive-only link there. */
  private async link(a: Part, b: Part): Promise<void> {
    const intoA = await a.rooms.openLink();
    a.links.push(intoA);
    const intoB = await b.rooms.openLink();
    b.links.push(intoB);
    // The forwarders end with their rooms.
    await b.rooms.forwardVoices(intoA);
    await a.rooms.forwardVoices(intoB);
  }

  /** Makes a published publisher available on `to`, once. */
  private async remotize(entry: Published, to: Part): Promise<void> {
    const streams = entry.publisher.streams();
    if (!streams || to === entry.part || entry.remotes.has(to)) return;
    const carried = (async () => {
      const remote = await to.rooms.addRemotePublisher(entry.publisher.feedId, entry.display, streams);
      await entry.part.rooms.publishRemotely(entry.publisher.feedId, to.node.url, remote);
      return remote;
    })();
    entry.remotes.set(to, carried);
    try {
      await carried;
    } catch (err) {
      entry.remotes.delete(to);
      throw err;
    }
  }

  /** After a renegotiation: the other parts learn of changed streams, or get the publisher first now. */
  private async carry(entry: Published): Promise<void> {
    const described = JSON.stringify(entry.publisher.streams());
    const changed = entry.described !== '' && entry.described !== described;
    entry.described = described;
    for (const other of this.parts) {
      const remote = entry.remotes.get(other);
      try {
        if (remote && changed) await (await remote).update(entry.publisher.streams()!);
        else await this.remotize(entry, other);
      } catch (err) {
        this.log.warn({ node: other.node.url, err: String(err) }, 'could not carry a publisher to another janus node');
      }
    }
  }

  /** Counts an opening of `member` on `part`; the returned function undoes it once. */
  private opened(member: string, part: Part): () => void {
    part.members.set(member, (part.members.get(member) ?? 0) + 1);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      const left = (part.members.get(member) ?? 1) - 1;
      if (left > 0) {
        part.members.set(member, left);
        return;
      }
      part.members.delete(member);
      this.placements.delete(member);
    };
  }

  private async seated<S extends { close(): Promise<void> }>(member: string, open: (part: Part) => Promise<S>): Promise<S> {
    const part = await this.placeOf(member);
    const seat = await open(part);
    const release = this.opened(member, part);
    part.seats++;
    const close = seat.close.bind(seat);
    let closed = false;
    return Object.assign(seat, {
      close: async () => {
        if (!closed) {
          closed = true;
          part.seats--;
          release();
        }
        await close();
      },
    });
  }

  openSeat(member: string, muted: boolean): Promise<WebRtcSeat> {
    return this.seated(member, (part) => part.rooms.openSeat(member, muted));
  }

  openRtpSeat(member: string, muted: boolean, endpoint: RtpEndpoint): Promise<RtpSeat> {
    return this.seated(member, (part) => part.rooms.openRtpSeat(member, muted, endpoint));
  }

  async openPublisher(member: string, source: VideoSource, bitrate: number): Promise<VideoPublisher> {
    const part = await this.placeOf(member);
    const publisher = await part.rooms.openPublisher(member, source, bitrate);
    const release = this.opened(member, part);
    const entry: Published = { part, publisher, display: `${member}:${source}`, remotes: new Map(), described: '' };
    this.published.add(entry);
    const offer = publisher.offer.bind(publisher);
    const close = publisher.close.bind(publisher);
    return Object.assign(publisher, {
      // The copies exist before the member's browser has the answer, so before anyone subscribes.
      offer: async (sdp: string) => {
        const answer = await offer(sdp);
        await this.carry(entry);
        return answer;
      },
      close: async () => {
        this.published.delete(entry);
        release();
        await Promise.all([...entry.remotes.values()].map(async (r) => (await r.catch(() => undefined))?.remove()));
        await close();
      },
    });
  }

  openSubscriber(member: string, events: SubscriberEvents): VideoSubscriber {
    return new PlacedSubscriber(
      this.placeOf(member).then((part) => ({ inner: part.rooms.openSubscriber(member, events), release: this.opened(member, part) })),
    );
  }

  forwardMix(target: RtpTarget): Promise<RtpForward> {
    return this.home.rooms.forwardMix(target);
  }

  openProgram(): Promise<ProgramChannel> {
    return this.home.rooms.openProgram();
  }

  async destroy(): Promise<void> {
    await this.end(this.parts);
  }

  /** `node` went away with its part: the rooms left on the other nodes are ended too, as the meeting is made anew. */
  async abandon(node: MeetingNode): Promise<void> {
    await this.end(this.parts.filter((p) => p.node !== node)).catch(() => undefined);
  }

  /** Ends the parts' rooms; the links' handles are the meeting's own, not a member's, so they are let go here. */
  private async end(parts: Part[]): Promise<void> {
    for (const part of this.parts) part.node.placed.delete(this);
    await Promise.all(parts.flatMap((p) => p.links.map((link) => link.close().catch(() => undefined))));
    await Promise.all(parts.map((p) => p.rooms.destroy()));
  }
}

/** A subscriber whose node is known once its member is placed (a further node may be joining the meeting then). */
class PlacedSubscriber implements VideoSubscriber {
  constructor(private placed: Promise<{ inner: VideoSubscriber; release: () => void }>) {}

  private async inner(): Promise<VideoSubscriber> {
    return (await this.placed).inner;
  }

  async update(add: number[], drop: number[]): Promise<{ sdp?: string; streams: OfferedStream[] }> {
    return (await this.inner()).update(add, drop);
  }

  async answer(sdp: string): Promise<void> {
    await (await this.inner()).answer(sdp);
  }

  async setLayer(mid: string, layer: number): Promise<void> {
    await (await this.inner()).setLayer(mid, layer);
  }

  async restartIce(): Promise<{ sdp?: string; streams: OfferedStream[] }> {
    return (await this.inner()).restartIce();
  }

  async trickle(candidate: Candidate | null): Promise<void> {
    await (await this.inner()).trickle(candidate);
  }

  async close(): Promise<void> {
    const placed = await this.placed.catch(() => undefined);
    placed?.release();
    await placed?.inner.close();
  }
}
