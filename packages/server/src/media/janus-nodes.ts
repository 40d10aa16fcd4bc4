import { EventEmitter } from 'node:events';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { JanusDriver } from './janus-driver.ts';
import { MediaServer } from './media-server.ts';
import { SpreadRooms, type MeetingNode } from './spread-rooms.ts';
import { MediaUnavailableError, type MediaDriver, type MediaRooms, type MediaState, type RoomEvents } from './driver.ts';

/** How long a node may stay unreachable before its meetings move to another node. */
const FAILOVER_AFTER_MS = 4_000;
/** How long a new meeting waits for some node to come up before it is refused. */
const MEDIA_WAIT_MS = 15_000;

export type NodeStatus = 'up' | 'down' | 'draining';

/** What the pool tells about one node (`moot janus list`, metrics). */
export interface NodeView {
  url: string;
  state: NodeStatus;
  meetings: number;
  participants: number;
}

/** One Janus node: its connection, its driver and the meetings moot placed on it. */
class JanusNode implements MeetingNode {
  readonly driver: JanusDriver;
  /** The meetings with a part on this node. */
  readonly placed: Set<SpreadRooms<JanusNode>> = new Set();
  draining = false;
  /** Since when the node has been unreachable, while it holds meetings that wait to move. */
  downSince: number | undefined;

  constructor(readonly server: MediaServer, serverAddress: string, log: Logger) {
    this.driver = new JanusDriver(server, serverAddress, log);
  }

  get url(): string {
    return this.server.url;
  }

  get seats(): number {
    let seats = 0;
    for (const rooms of this.placed) seats += rooms.seatsOn(this);
    return seats;
  }

  /** Every meeting counts, even before anyone has a seat, so meetings made together spread out. */
  get load(): number {
    return this.placed.size + this.seats;
  }

  view(): NodeView {
    const state: NodeStatus = this.server.state !== 'up' ? 'down' : this.draining ? 'draining' : 'up';
    return { url: this.url, state, meetings: this.placed.size, participants: this.seats };
  }
}

/**
 * The Janus nodes moot places meetings on: the managed Janus alone, or every external node of
 * `janus.urls`. A new meeting goes to the least-loaded node that is up and not drained, and
 * stays there; the meetings of a node that restarted, or stayed unreachable for
 * FAILOVER_AFTER_MS while another node is up, are reported lost so the meeting core makes their
 * rooms anew (on the best node then).
 *
 * Events: `up` when a node becomes reachable (`restarted`: some meetings' rooms were lost and are
 * made anew), `down` when the last reachable node goes away.
 */
export class JanusNodes extends EventEmitter<{ up: [restarted: boolean]; down: [] }> implements MediaDriver {
  readonly nodes: JanusNode[];
  private readonly membersPerNode: number;
  private lostListeners: ((lost: (rooms: MediaRooms) => boolean) => void)[] = [];
  private failoverTimer: NodeJS.Timeout | undefined;

  constructor(
    config: Config['janus'],
    dataDir: string,
    private log: Logger,
  ) {
    super();
    this.membersPerNode = config.cascadeMembers;
    const urls = config.mode === 'managed' ? [undefined] : config.urls;
    this.nodes = urls.map((url) => new JanusNode(new MediaServer(config, dataDir, log.child(url ? { node: url } : {}), url), config.serverAddress, log));
    for (const node of this.nodes) {
      node.server.on('up', (restarted) => this.nodeUp(node, restarted));
      node.server.on('down', () => this.nodeDown(node));
    }
  }

  get state(): MediaState {
    const states = this.nodes.map((n) => n.server.state);
    if (states.includes('up')) return 'up';
    return states.includes('starting') ? 'starting' : 'down';
  }

  /** The managed Janus process, when moot runs one. */
  get process(): MediaServer['process'] {
    return this.nodes[0]?.server.process;
  }

  views(): NodeView[] {
    return this.nodes.map((n) => n.view());
  }

  /** Nodes named in `urls` take no new meetings; the others take them again. */
  setDrained(urls: ReadonlySet<string>): void {
    for (const node of this.nodes) {
      const draining = urls.has(node.url);
      if (draining !== node.draining) this.log.info({ node: node.url, draining }, draining ? 'janus node drained' : 'janus node takes meetings again');
      node.draining = draining;
    }
  }

  start(): void {
    if (this.nodes.length === 0) throw new Error('janus.mode is "external" but no janus.urls (MOOT_JANUS_URLS) are configured');
    for (const node of this.nodes) node.server.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.failoverTimer);
    await Promise.all(this.nodes.map((n) => n.server.stop()));
  }

  onRoomsLost(listener: (lost: (rooms: MediaRooms) => boolean) => void): void {
    this.lostListeners.push(listener);
  }

  async createRooms(options: { maxPublishers: number }, events: RoomEvents): Promise<MediaRooms> {
    // Reachable nodes that are all drained refuse at once; otherwise a node may be on its way.
    const node = this.pick() ?? (this.state === 'up' ? undefined : await this.waitForNode());
    if (!node) throw new MediaUnavailableError();
    return new SpreadRooms<JanusNode>(
      { node, rooms: await node.driver.createRooms(options, events) },
      {
        membersPerNode: this.membersPerNode,
        nextNode: (taken) => this.pick(taken),
        createRooms: (further) => further.driver.createRooms(options, events),
      },
      this.log,
    );
  }

  /** The least-loaded node that is up and not drained, among those not `taken`. */
  private pick(taken: ReadonlySet<JanusNode> = new Set()): JanusNode | undefined {
    let best: JanusNode | undefined;
    for (const node of this.nodes) {
      if (node.server.state !== 'up' || node.draining || taken.has(node)) continue;
      if (!best || node.load < best.load) best = node;
    }
    return best;
  }

  private waitForNode(): Promise<JanusNode | undefined> {
    return new Promise((resolve) => {
      const onUp = (): void => {
        const node = this.pick();
        if (!node) return;
        clearTimeout(timer);
        this.off('up', onUp);
        resolve(node);
      };
      const timer = setTimeout(() => {
        this.off('up', onUp);
        resolve(undefined);
      }, MEDIA_WAIT_MS);
      this.on('up', onUp);
    });
  }

  private nodeUp(node: JanusNode, restarted: boolean): void {
    node.downSince = undefined;
    this.log.info({ node: node.url }, 'janus node up');
    // A node that comes back has lost every room and handle of its old session.
    const lost = restarted && node.placed.size > 0;
    if (lost) this.lose(node);
    this.emit('up', lost);
    // Meetings of a node that is still away can move here now.
    this.failOver();
  }

  private nodeDown(node: JanusNode): void {
    node.downSince = Date.now();
    this.log.warn({ node: node.url, meetings: node.placed.size }, 'janus node down');
    if (this.state !== 'up') this.emit('down');
    clearTimeout(this.failoverTimer);
    this.failoverTimer = setTimeout(() => this.failOver(), FAILOVER_AFTER_MS);
  }

  /** Moves the meetings of nodes unreachable for long enough, when another node can take them. */
  private failOver(): void {
    if (!this.pick()) return;
    const now = Date.now();
    let moved = false;
    for (const node of this.nodes) {
      if (node.downSince === undefined || node.placed.size === 0) continue;
      if (now - node.downSince < FAILOVER_AFTER_MS) {
        clearTimeout(this.failoverTimer);
        this.failoverTimer = setTimeout(() => this.failOver(), FAILOVER_AFTER_MS - (now - node.downSince));
        continue;
      }
      this.log.warn({ node: node.url, meetings: node.placed.size }, 'moving the meetings of an unreachable janus node');
      this.lose(node);
      moved = true;
    }
    if (moved) this.emit('up', true);
  }

  private lose(node: JanusNode): void {
    const gone = new Set<MediaRooms>(node.placed);
    // A meeting spread over several nodes is made anew whole: its parts elsewhere are ended.
    for (const rooms of node.placed) void rooms.abandon(node);
    node.placed.clear();
    for (const listener of this.lostListeners) listener((rooms) => gone.has(rooms));
  }
}
