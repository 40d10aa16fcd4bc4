import type { VideoSource } from '@moot/protocol';
import {
  MediaUnavailableError,
  type MediaDriver,
  type MediaRooms,
  type MediaState,
  type OfferedStream,
  type ProgramChannel,
  type ProgramViewer,
  type RoomEvents,
  type RtpEndpoint,
  type RtpForward,
  type RtpSeat,
  type RtpTarget,
  type SubscriberEvents,
  type VideoPublisher,
  type VideoSubscriber,
  type WebRtcSeat,
} from './driver.ts';

/**
 * An in-memory media driver for unit tests of the meeting core: it keeps what the core asked
 * for (seats, publishers, subscriptions, layers, recordings) and lets a test play the media
 * server's part (media coming up, talking, slow links, its own renegotiations, a restart).
 */

let nextId = 1;

/** What every fake stream shares: the file it records to, and whether it was closed. */
class FakeStream {
  recordingTo: string | undefined;
  closed = false;
  async startRecording(basePath: string): Promise<void> {
    this.recordingTo = basePath;
  }
  async stopRecording(): Promise<void> {
    this.recordingTo = undefined;
  }
  async trickle(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A forwarder the fake keeps: a test reads where it sends and whether it was stopped. */
export class FakeForward implements RtpForward {
  stopped = false;
  constructor(readonly target: RtpTarget) {}
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

export class FakeSeat extends FakeStream implements WebRtcSeat, RtpSeat {
  readonly seatId = nextId++;
  readonly mixer = { host: '127.0.0.1', port: 40000 + this.seatId };
  offers = 0;
  constructor(
    readonly display: string,
    public muted: boolean,
    readonly rtp?: RtpEndpoint,
  ) {
    super();
  }
  async offer(): Promise<string> {
    this.offers++;
    return `answer-of-seat-${this.seatId}`;
  }
  async setMuted(muted: boolean): Promise<void> {
    this.muted = muted;
  }
}

export class FakePublisher extends FakeStream implements VideoPublisher {
  readonly feedId = nextId++;
  forwarding = true;
  forwards: FakeForward[] = [];
  private up: (() => void)[] = [];
  constructor(
    readonly display: string,
    readonly source: VideoSource,
    readonly bitrate: number,
  ) {
    super();
  }
  async offer(): Promise<string> {
    return `answer-of-feed-${this.feedId}`;
  }
  async setForwarding(send: boolean): Promise<void> {
    this.forwarding = send;
  }
  onMediaUp(listener: () => void): void {
    this.up.push(listener);
  }
  async forwardVideo(target: RtpTarget): Promise<RtpForward> {
    const forward = new FakeForward(target);
    this.forwards.push(forward);
    return forward;
  }
  /** The media server starts receiving this publisher's media. */
  mediaUp(): void {
    for (const l of this.up.splice(0)) l();
  }
}

export class FakeSubscriber implements VideoSubscriber {
  feeds: number[] = [];
  layers = new Map<string, number>();
  updates: { add: number[]; drop: number[] }[] = [];
  answers: string[] = [];
  offersMade = 0;
  closed = false;
  constructor(readonly events: SubscriberEvents) {}
  private streams(): OfferedStream[] {
    return this.feeds.map((feedId) => ({ mid: `m${feedId}`, feedId }));
  }
  async update(add: number[], drop: number[]): Promise<{ sdp?: string; streams: OfferedStream[] }> {
    this.updates.push({ add, drop });
    this.feeds = [...this.feeds.filter((f) => !drop.includes(f)), ...add];
    this.offersMade++;
    return { sdp: `offer-${this.offersMade}`, streams: this.streams() };
  }
  async answer(sdp: string): Promise<void> {
    this.answers.push(sdp);
  }
  async setLayer(mid: string, layer: number): Promise<void> {
    this.layers.set(mid, layer);
  }
  async restartIce(): Promise<{ sdp?: string; streams: OfferedStream[] }> {
    this.offersMade++;
    return { sdp: `offer-${this.offersMade}`, streams: this.streams() };
  }
  async trickle(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
}

export class FakeViewer implements ProgramViewer {
  readonly offer = `program-offer-${nextId++}`;
  answers: string[] = [];
  closed = false;
  async answer(sdp: string): Promise<void> {
    this.answers.push(sdp);
  }
  async trickle(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A program channel: a test reads who watches and whether it was destroyed. */
export class FakeProgram implements ProgramChannel {
  readonly audio: RtpTarget = { host: '127.0.0.1', port: 30000 + 2 * nextId, payloadType: 111 };
  readonly video: RtpTarget = { host: '127.0.0.1', port: 30002 + 2 * nextId++, payloadType: 100 };
  viewers: FakeViewer[] = [];
  destroyed = false;
  async watch(): Promise<ProgramViewer> {
    const viewer = new FakeViewer();
    this.viewers.push(viewer);
    return viewer;
  }
  async destroy(): Promise<void> {
    this.destroyed = true;
  }
}

export class FakeRooms implements MediaRooms {
  readonly id = nextId++;
  readonly serverAddress = '127.0.0.1';
  seats: FakeSeat[] = [];
  publishers: FakePublisher[] = [];
  subscribers: FakeSubscriber[] = [];
  mixForwards: FakeForward[] = [];
  programs: FakeProgram[] = [];
  destroyed = false;
  constructor(
    readonly maxPublishers: number,
    readonly events: RoomEvents,
  ) {}
  async openSeat(member: string, muted: boolean): Promise<WebRtcSeat> {
    const seat = new FakeSeat(member, muted);
    this.seats.push(seat);
    return seat;
  }
  async openRtpSeat(member: string, muted: boolean, endpoint: RtpEndpoint): Promise<RtpSeat> {
    const seat = new FakeSeat(member, muted, endpoint);
    this.seats.push(seat);
    return seat;
  }
  async openPublisher(member: string, source: VideoSource, bitrate: number): Promise<VideoPublisher> {
    const publisher = new FakePublisher(`${member}:${source}`, source, bitrate);
    this.publishers.push(publisher);
    return publisher;
  }
  openSubscriber(_member: string, events: SubscriberEvents): VideoSubscriber {
    const subscriber = new FakeSubscriber(events);
    this.subscribers.push(subscriber);
    return subscriber;
  }
  async forwardMix(target: RtpTarget): Promise<RtpForward> {
    const forward = new FakeForward(target);
    this.mixForwards.push(forward);
    return forward;
  }
  async openProgram(): Promise<ProgramChannel> {
    const program = new FakeProgram();
    this.programs.push(program);
    return program;
  }
  async destroy(): Promise<void> {
    this.destroyed = true;
  }
}

export class FakeDriver implements MediaDriver {
  state: MediaState = 'up';
  rooms: FakeRooms[] = [];
  private lostListeners: ((lost: (rooms: MediaRooms) => boolean) => void)[] = [];

  async createRooms(options: { maxPublishers: number }, events: RoomEvents): Promise<MediaRooms> {
    if (this.state !== 'up') throw new MediaUnavailableError();
    const rooms = new FakeRooms(options.maxPublishers, events);
    this.rooms.push(rooms);
    return rooms;
  }
  onRoomsLost(listener: (lost: (rooms: MediaRooms) => boolean) => void): void {
    this.lostListeners.push(listener);
  }
  /** The media server crashed and came back: every room is gone. */
  restart(): void {
    this.state = 'up';
    for (const l of this.lostListeners) l(() => true);
  }
  /** Only these rooms are gone, as when a media server of several went away. */
  lose(rooms: FakeRooms[]): void {
    for (const l of this.lostListeners) l((r) => rooms.includes(r as FakeRooms));
  }
}
