import { randomBytes, randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import type { VideoSource } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { JanusHandle, JanusSession, PluginData, PluginReply } from './janus-client.ts';
import type { MediaServer } from './media-server.ts';
import {
  MediaUnavailableError,
  type Candidate,
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
import type { CascadePublisher, MixLink, NodeRooms, RemoteFeed, RemoteFeedAddress, RemoteStream } from './spread-rooms.ts';

/**
 * The media driver over Janus 1.1: VideoRoom for video (publishers and one multistream
 * subscriber per member), AudioBridge for the mix (WebRTC and plain-RTP seats). Every Janus
 * plugin request moot makes is written here.
 */

// Janus ids travel as JSON numbers: stay below 2^53 so JavaScript reads them exactly.
/** How long a new meeting waits for a Janus that is starting or restarting before refusing. */
const MEDIA_WAIT_MS = 15_000;

const janusId = () => randomInt(1, 2 ** 47);

/** The program's payload types, as its forwarders write them and its mountpoint expects them. */
const PROGRAM_OPUS_PT = 111;
const PROGRAM_VP8_PT = 100;
/** The payload type of the voices one node's mix sends to another's. */
const LINK_OPUS_PT = 111;

/**
 * AudioBridge groups: members' voices, and the links that bring another node's voices in. A
 * node forwards only its members' group to the others, so no voice comes back where it came from.
 */
const VOICES = 'voices';
const LINKS = 'links';

/**
 * A meeting's rooms refuse joins without `pin` and changes (destroy) without `secret`, so a
 * process that gets at the Janus API and a room id still cannot enter or end a meeting. Both are
 * random per meeting and stay in this module: they never reach a browser or a log.
 */
interface RoomKeys {
  secret: string;
  pin: string;
}
const roomKeys = (): RoomKeys => ({ secret: randomBytes(24).toString('base64url'), pin: randomBytes(24).toString('base64url') });

interface JanusStream {
  type?: string;
  mid?: string;
  mindex?: number;
  codec?: string;
  simulcast?: boolean;
  feed_id?: number;
  active?: boolean;
}

function remoteStreams(streams: JanusStream[]): RemoteStream[] {
  return streams.flatMap((s) =>
    s.type && s.mid !== undefined && s.mindex !== undefined && s.codec ? [{ type: s.type, mindex: s.mindex, mid: s.mid, codec: s.codec, ...(s.simulcast ? { simulcast: true } : {}) }] : [],
  );
}

function answerOf(reply: PluginReply): string {
  if (!reply.jsep) throw new Error('Janus returned no answer');
  return reply.jsep.sdp;
}

/** Attaches a handle and runs its first request; a refusal detaches it again. */
async function attachAndJoin(session: JanusSession, plugin: string, body: Record<string, unknown>): Promise<{ handle: JanusHandle; reply: PluginReply }> {
  const handle = await session.attach(plugin);
  try {
    return { handle, reply: await handle.message(body) };
  } catch (err) {
    await handle.detach();
    throw err;
  }
}

/** VideoRoom publishers and AudioBridge seats take the same recording requests. */
function recordingOf(handle: JanusHandle) {
  return {
    startRecording: async (basePath: string) => {
      await handle.message({ request: 'configure', record: true, filename: basePath });
    },
    stopRecording: async () => {
      await handle.message({ request: 'configure', record: false });
    },
  };
}

function trickleOf(handle: JanusHandle) {
  return (candidate: Candidate | null) => handle.trickle(candidate && { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null, sdpMLineIndex: candidate.sdpMLineIndex ?? null });
}

export class JanusDriver implements MediaDriver {
  constructor(
    private server: MediaServer,
    /** This server's address as the node reaches it. */
    private serverAddress: string,
    private log: Logger,
  ) {}

  get state(): MediaState {
    return this.server.state;
  }

  /** A Janus that comes back after a crash has lost every room and handle. */
  onRoomsLost(listener: (lost: (rooms: MediaRooms) => boolean) => void): void {
    this.server.on('up', (restarted) => restarted && listener(() => true));
  }

  private live(): { session: JanusSession; control: NonNullable<MediaServer['control']> } {
    const { session, control } = this.server;
    if (this.server.state !== 'up' || !session || !control) throw new MediaUnavailableError();
    return { session, control };
  }

  async createRooms(options: { maxPublishers: number }, events: RoomEvents): Promise<JanusRooms> {
    await this.server.whenUp(MEDIA_WAIT_MS);
    const { control } = this.live();
    const room = janusId();
    const keys = roomKeys();
    const common = { room, ...keys, admin_key: this.server.adminKey, is_private: true, permanent: false };
    await control.videoroom.message({
      request: 'create',
      ...common,
      description: 'moot meeting',
      publishers: options.maxPublishers,
      videocodec: 'vp8',
      fir_freq: 10,
      notify_joining: false,
    });
    try {
      await control.audiobridge.message({
        request: 'create',
        ...common,
        description: 'moot meeting',
        // Wideband is plenty for speech and halves the mixer's work compared with 48 kHz.
        sampling_rate: 16000,
        audiolevel_event: true,
        audio_active_packets: 25,
        audio_level_average: 40,
        // Phone gateways and stream ingests sit in the mix as plain-RTP seats.
        allow_rtp_participants: true,
        groups: [VOICES, LINKS],
      });
    } catch (err) {
      await control.videoroom.message({ request: 'destroy', room, secret: keys.secret }).catch(() => undefined);
      throw err;
    }
    this.log.debug({ janusRoom: room }, 'janus rooms created');
    return new JanusRooms(room, keys, this.server, this.serverAddress, events, this.log);
  }
}

/** The node's own address for links from other nodes: the host of its API URL when that is an IP. */
function nodeInterface(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : undefined;
}

export class JanusRooms implements NodeRooms {
  /** Voice activity by seat: every seat's handle hears every talking event, so report changes only. */
  private talkingSeats = new Map<number, boolean>();
  private readonly session: JanusSession;

  constructor(
    readonly id: number,
    private keys: RoomKeys,
    private server: MediaServer,
    readonly serverAddress: string,
    private events: RoomEvents,
    private log: Logger,
  ) {
    if (!server.session) throw new MediaUnavailableError();
    this.session = server.session;
  }

  private currentSession(): JanusSession {
    // A Janus restart ends every room: handles of the old session must not be mixed in.
    if (this.server.session !== this.session || this.server.state !== 'up') throw new MediaUnavailableError();
    return this.session;
  }

  /** rtp_forward is locked in Janus: it takes the admin key, and the room's secret like any change. */
  private forwardKeys() {
    return { room: this.id, secret: this.keys.secret, admin_key: this.server.adminKey };
  }

  private controlHandles(): NonNullable<MediaServer['control']> {
    const { control } = this.server;
    this.currentSession();
    if (!control) throw new MediaUnavailableError();
    return control;
  }

  /** A started forwarder; stopping it after a Janus restart has nothing left to stop. */
  private forwarding(handle: JanusHandle, stopBody: Record<string, unknown>): RtpForward {
    let stopped = false;
    return {
      stop: async () => {
        if (stopped) return;
        stopped = true;
        if (this.server.session !== this.session || this.server.state !== 'up') return;
        await handle.message(stopBody).catch((err: unknown) => this.log.warn({ err: String(err) }, 'could not stop an rtp forwarder'));
      },
    };
  }

  forwardMix(target: RtpTarget): Promise<RtpForward> {
    // The receiver's clock keeps running through silence and an empty room.
    return this.forwardAudio(target, { always_on: true });
  }

  /** The members' group only: what the links brought in never goes back out. */
  forwardVoices(into: MixLink): Promise<RtpForward> {
    return this.forwardAudio({ host: into.host, port: into.port, payloadType: LINK_OPUS_PT }, { group: VOICES });
  }

  private async forwardAudio(target: RtpTarget, options: { always_on?: boolean; group?: string }): Promise<RtpForward> {
    const { audiobridge } = this.controlHandles();
    const reply = await audiobridge.message({
      request: 'rtp_forward',
      ...this.forwardKeys(),
      host: target.host,
      port: target.port,
      codec: 'opus',
      ...options,
      ...(target.payloadType !== undefined ? { ptype: target.payloadType } : {}),
      ...(target.ssrc !== undefined ? { ssrc: target.ssrc } : {}),
    });
    const streamId = Number(reply.data.stream_id);
    if (!streamId) throw new Error('Janus started no mix forwarder');
    return this.forwarding(audiobridge, { request: 'stop_rtp_forward', ...this.forwardKeys(), stream_id: streamId });
  }

  private async forwardFeed(feedId: number, mid: string, simulcast: boolean, target: RtpTarget): Promise<RtpForward> {
    const { videoroom } = this.controlHandles();
    const keys = { ...this.forwardKeys(), publisher_id: feedId };
    const reply = await videoroom.message({
      request: 'rtp_forward',
      ...keys,
      host: target.host,
      streams: [
        {
          mid,
          port: target.port,
          // Janus then forwards one layer like it does to a viewer (the best that arrives), with
          // its own continuous sequence numbers, instead of every layer to its own port.
          simulcast,
          ...(target.payloadType !== undefined ? { pt: target.payloadType } : {}),
          ...(target.ssrc !== undefined ? { ssrc: target.ssrc } : {}),
        },
      ],
    });
    const streamId = (reply.data.forwarders as { stream_id?: number }[] | undefined)?.[0]?.stream_id;
    if (!streamId) throw new Error('Janus started no video forwarder');
    return this.forwarding(videoroom, { request: 'stop_rtp_forward', ...keys, stream_id: streamId });
  }

  private watchTalking(handle: JanusHandle): void {
    handle.on('event', (data: PluginData) => {
      if (data.audiobridge !== 'talking' && data.audiobridge !== 'stopped-talking') return;
      const seatId = Number(data.id);
      const talking = data.audiobridge === 'talking';
      if (this.talkingSeats.get(seatId) === talking) return;
      this.talkingSeats.set(seatId, talking);
      this.events.talking(seatId, talking);
    });
  }

  private seatClose(handle: JanusHandle, seatId: number) {
    return async () => {
      this.talkingSeats.delete(seatId);
      await handle.detach();
    };
  }

  async openSeat(member: string, muted: boolean): Promise<WebRtcSeat> {
    const seatId = janusId();
    const { handle } = await attachAndJoin(this.currentSession(), 'janus.plugin.audiobridge', { request: 'join', room: this.id, pin: this.keys.pin, id: seatId, display: member, muted, group: VOICES });
    this.watchTalking(handle);
    return {
      seatId,
      offer: async (sdp) => answerOf(await handle.message({ request: 'configure' }, { type: 'offer', sdp })),
      setMuted: async (m) => {
        await handle.message({ request: 'configure', muted: m });
      },
      trickle: trickleOf(handle),
      ...recordingOf(handle),
      close: this.seatClose(handle, seatId),
    };
  }

  /** Joins a plain-RTP member of the mix; resolves with where the mixer listens for it. */
  private async joinRtp(body: Record<string, unknown>): Promise<{ handle: JanusHandle; host: string; port: number }> {
    const { handle, reply } = await attachAndJoin(this.currentSession(), 'janus.plugin.audiobridge', { request: 'join', room: this.id, pin: this.keys.pin, ...body });
    const rtp = reply.data.rtp as { ip?: string; port?: number } | undefined;
    if (!rtp?.ip || !rtp.port) {
      await handle.detach();
      throw new Error('Janus gave no RTP address for a plain-RTP member');
    }
    return { handle, host: rtp.ip, port: rtp.port };
  }

  async openRtpSeat(member: string, muted: boolean, endpoint: RtpEndpoint): Promise<RtpSeat> {
    const seatId = janusId();
    const { handle, host, port } = await this.joinRtp({
      id: seatId,
      display: member,
      muted,
      group: VOICES,
      ...(endpoint.codec ? { codec: endpoint.codec } : {}),
      rtp: { ip: endpoint.host, port: endpoint.port, payload_type: endpoint.payloadType },
    });
    this.watchTalking(handle);
    return {
      seatId,
      mixer: { host, port },
      setMuted: async (m) => {
        await handle.message({ request: 'configure', muted: m });
      },
      ...recordingOf(handle),
      close: this.seatClose(handle, seatId),
    };
  }

  /**
   * A place in this node's mix for another node's voices: a plain-RTP member that only
   * receives (it names no address to send to), in the links' group.
   */
  async openLink(): Promise<MixLink> {
    const { handle, host, port } = await this.joinRtp({ id: janusId(), display: 'link', muted: false, group: LINKS, rtp: { payload_type: LINK_OPUS_PT } });
    return { host, port, close: () => handle.detach() };
  }

  /** A publisher of another node, carried here: its subscribers here see an ordinary feed. */
  async addRemotePublisher(feedId: number, display: string, streams: RemoteStream[]): Promise<RemoteFeed> {
    const { videoroom } = this.controlHandles();
    const keys = { room: this.id, secret: this.keys.secret };
    const iface = nodeInterface(this.server.url);
    const reply = await videoroom.message({ request: 'add_remote_publisher', ...keys, id: feedId, display, streams, ...(iface ? { iface } : {}) });
    const { ip, port, rtcp_port: rtcpPort } = reply.data as { ip?: string; port?: number; rtcp_port?: number };
    if (!port || !rtcpPort) throw new Error('Janus gave no ports for a remote publisher');
    let removed = false;
    return {
      // A wildcard bind names no address to send to: the node's own is where it listens then.
      host: ip && ip !== '0.0.0.0' && ip !== '::' ? ip : iface ?? new URL(this.server.url).hostname,
      port,
      rtcpPort,
      update: async (changed) => {
        await videoroom.message({ request: 'update_remote_publisher', ...keys, id: feedId, streams: changed });
      },
      remove: async () => {
        if (removed || this.server.session !== this.session || this.server.state !== 'up') return;
        removed = true;
        await videoroom.message({ request: 'remove_remote_publisher', ...keys, id: feedId }).catch((err: unknown) => this.log.warn({ err: String(err) }, 'could not remove a remote publisher'));
      },
    };
  }

  /** Sends a publisher of this node to another node's remote publisher (every stream and simulcast layer, once). */
  async publishRemotely(feedId: number, remoteId: string, to: RemoteFeedAddress): Promise<void> {
    const { videoroom } = this.controlHandles();
    await videoroom.message({ request: 'publish_remotely', ...this.forwardKeys(), publisher_id: feedId, remote_id: remoteId, host: to.host, port: to.port, rtcp_port: to.rtcpPort });
  }

  async openPublisher(member: string, source: VideoSource, bitrate: number): Promise<CascadePublisher> {
    const feedId = janusId();
    const { handle } = await attachAndJoin(this.currentSession(), 'janus.plugin.videoroom', { request: 'join', ptype: 'publisher', room: this.id, pin: this.keys.pin, id: feedId, display: `${member}:${source}` });
    let published = false;
    let videoMid: string | undefined;
    let streams: RemoteStream[] | undefined;
    return {
      feedId,
      source,
      offer: async (sdp) => {
        const body = published ? { request: 'configure' } : { request: 'publish', bitrate };
        const reply = await handle.message(body, { type: 'offer', sdp });
        const answer = answerOf(reply);
        published = true;
        const described = (reply.data.streams as JanusStream[] | undefined) ?? [];
        videoMid = described.find((s) => s.type === 'video')?.mid;
        streams = remoteStreams(described);
        return answer;
      },
      streams: () => streams,
      setForwarding: async (send) => {
        if (!published || videoMid === undefined) return;
        await handle.message({ request: 'configure', streams: [{ mid: videoMid, send }] });
      },
      trickle: trickleOf(handle),
      onMediaUp: (listener) => handle.once('webrtcup', listener),
      forwardVideo: async (target) => {
        if (videoMid === undefined) throw new Error('no video published to forward');
        return this.forwardFeed(feedId, videoMid, source === 'camera', target);
      },
      ...recordingOf(handle),
      close: () => handle.detach(),
    };
  }

  openSubscriber(_member: string, events: SubscriberEvents): VideoSubscriber {
    return new JanusSubscriber(this.currentSession(), this.id, this.keys.pin, events);
  }

  /**
   * A Streaming plugin RTP mountpoint of its own (its handle, id, pin and secret), listening on
   * the node's own address (as moot reaches its API): the program's relays in this server send
   * to it. Its helper threads share the sending to viewers among the cores, so one receiving
   * thread does not fall behind.
   */
  async openProgram(): Promise<ProgramChannel> {
    const session = this.currentSession();
    const keys = roomKeys();
    const id = janusId();
    const host = nodeInterface(this.server.url) ?? '127.0.0.1';
    const { handle, reply } = await attachAndJoin(session, 'janus.plugin.streaming', {
      request: 'create',
      admin_key: this.server.adminKey,
      type: 'rtp',
      id,
      name: `moot-program-${id}`,
      description: 'moot program',
      ...keys,
      is_private: true,
      permanent: false,
      threads: availableParallelism(),
      media: [
        { type: 'audio', mid: 'a', port: 0, iface: host, pt: PROGRAM_OPUS_PT, codec: 'opus' },
        // Asks Janus to keep the latest key frame for a new viewer (not checked to take effect in a
        // `media` list: the program also asks the picture's sender for a fresh one).
        { type: 'video', mid: 'v', port: 0, iface: host, pt: PROGRAM_VP8_PT, codec: 'vp8', bufferkf: true },
      ],
    });
    const ports = ((reply.data.stream as { ports?: { type?: string; port?: number }[] } | undefined)?.ports ?? []);
    const port = (type: string) => ports.find((p) => p.type === type)?.port;
    const audioPort = port('audio');
    const videoPort = port('video');
    if (!audioPort || !videoPort) {
      await handle.detach();
      throw new Error('Janus gave no ports for the program');
    }
    this.log.debug({ mountpoint: id }, 'janus program created');
    return {
      audio: { host, port: audioPort, payloadType: PROGRAM_OPUS_PT },
      video: { host, port: videoPort, payloadType: PROGRAM_VP8_PT },
      watch: () => this.watchProgram(id, keys.pin),
      destroy: async () => {
        if (this.server.session === this.session && this.server.state === 'up') {
          await handle.message({ request: 'destroy', id, secret: keys.secret }).catch((err: unknown) => this.log.warn({ err: String(err) }, 'could not destroy the program'));
        }
        await handle.detach();
      },
    };
  }

  private async watchProgram(id: number, pin: string): Promise<ProgramViewer> {
    const { handle, reply } = await attachAndJoin(this.currentSession(), 'janus.plugin.streaming', { request: 'watch', id, pin });
    if (reply.jsep?.type !== 'offer') {
      await handle.detach();
      throw new Error('Janus offered no program');
    }
    return {
      offer: reply.jsep.sdp,
      answer: async (sdp) => {
        await handle.message({ request: 'start' }, { type: 'answer', sdp });
      },
      trickle: trickleOf(handle),
      close: () => handle.detach(),
    };
  }

  async destroy(): Promise<void> {
    const { control } = this.server;
    if (this.server.state !== 'up' || !control || this.server.session !== this.session) return;
    const body = { request: 'destroy', room: this.id, secret: this.keys.secret };
    const results = await Promise.allSettled([control.videoroom.message(body), control.audiobridge.message(body)]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) this.log.warn({ err: String(failed.reason) }, 'could not destroy a janus room');
    else this.log.debug({ janusRoom: this.id }, 'janus rooms destroyed');
  }
}

/** Active video streams of a subscriber as Janus lists them; undefined when the reply has no list. */
function offeredStreams(data: PluginData): OfferedStream[] | undefined {
  if (!Array.isArray(data.streams)) return undefined;
  return (data.streams as JanusStream[]).flatMap((s) =>
    s.active !== false && s.type === 'video' && s.mid !== undefined && s.feed_id !== undefined ? [{ mid: s.mid, feedId: s.feed_id }] : [],
  );
}

/** A multistream VideoRoom subscriber handle, attached when the first feed is added. */
class JanusSubscriber implements VideoSubscriber {
  private handle: JanusHandle | undefined;
  private streams: OfferedStream[] = [];

  constructor(
    private session: JanusSession,
    private room: number,
    private pin: string,
    private events: SubscriberEvents,
  ) {}

  private read(reply: PluginReply): { sdp?: string; streams: OfferedStream[] } {
    this.streams = offeredStreams(reply.data) ?? this.streams;
    return { ...(reply.jsep?.type === 'offer' ? { sdp: reply.jsep.sdp } : {}), streams: this.streams };
  }

  async update(add: number[], drop: number[]): Promise<{ sdp?: string; streams: OfferedStream[] }> {
    if (!this.handle) {
      if (add.length === 0) return { streams: this.streams };
      const handle = await this.session.attach('janus.plugin.videoroom');
      this.handle = handle;
      handle.on('event', (data, jsep) => {
        if (jsep?.type !== 'offer') return;
        this.streams = offeredStreams(data) ?? this.streams;
        this.events.offer(jsep.sdp, this.streams);
      });
      handle.on('slowlink', () => this.events.slowLink());
      try {
        return this.read(await handle.message({ request: 'join', ptype: 'subscriber', room: this.room, pin: this.pin, streams: add.map((feed) => ({ feed })) }));
      } catch (err) {
        // A handle whose join failed (a feed left just before) refuses every later update as
        // unconfigured: drop it, so the next change joins afresh.
        this.handle = undefined;
        await handle.detach().catch(() => undefined);
        throw err;
      }
    }
    if (add.length === 0 && drop.length === 0) return { streams: this.streams };
    return this.read(
      await this.handle.message({
        request: 'update',
        ...(add.length ? { subscribe: add.map((feed) => ({ feed })) } : {}),
        ...(drop.length ? { unsubscribe: drop.map((feed) => ({ feed })) } : {}),
      }),
    );
  }

  async answer(sdp: string): Promise<void> {
    await this.handle?.message({ request: 'start' }, { type: 'answer', sdp });
  }

  async setLayer(mid: string, layer: number): Promise<void> {
    await this.handle?.message({ request: 'configure', streams: [{ mid, substream: layer }] });
  }

  async restartIce(): Promise<{ sdp?: string; streams: OfferedStream[] }> {
    if (!this.handle) return { streams: this.streams };
    return this.read(await this.handle.message({ request: 'configure', restart: true }));
  }

  trickle(candidate: Candidate | null): Promise<void> {
    return this.handle ? trickleOf(this.handle)(candidate) : Promise.resolve();
  }

  async close(): Promise<void> {
    await this.handle?.detach();
    this.handle = undefined;
  }
}
