import type { VideoSource } from '@moot/protocol';

/**
 * What the meeting core asks of a media server, in its own words. The Janus implementation
 * (janus-driver.ts) is the only code that builds Janus plugin requests; a fake of this interface
 * lets the core be unit-tested without Janus.
 */

export type MediaState = 'starting' | 'up' | 'down';

export interface Candidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/** A stream the media server can write to a file while a meeting is recorded. */
export interface Recordable {
  /** Starts writing to `<basePath>.mjr`-style files; a refusal rejects. */
  startRecording(basePath: string): Promise<void>;
  stopRecording(): Promise<void>;
}

/** One place in the audio mixer: sends a voice in, receives the mix of everyone else. */
export interface Seat extends Recordable {
  readonly seatId: number;
  /** The mixer leaves a muted seat out of the mix, whatever its sender does. */
  setMuted(muted: boolean): Promise<void>;
  close(): Promise<void>;
}

/** A seat reached over WebRTC (a browser): offers come from the member. */
export interface WebRtcSeat extends Seat {
  offer(sdp: string): Promise<string>;
  trickle(candidate: Candidate | null): Promise<void>;
}

/** Where a plain-RTP member sends its voice and receives the mix (RTP over UDP). */
export interface RtpEndpoint {
  host: string;
  port: number;
  /** RTP payload type of the member's stream. */
  payloadType: number;
  /** Opus (the default) or G.711 from a phone. */
  codec?: 'opus' | 'pcmu' | 'pcma';
}

/** A seat reached over plain RTP (a phone gateway, a stream): no ICE, no DTLS. */
export interface RtpSeat extends Seat {
  /** Where the mixer listens for this member's RTP. */
  readonly mixer: { host: string; port: number };
}

/** Where the media server sends a copy of a meeting's media as plain RTP (an encoder, a listener stream). */
export interface RtpTarget {
  host: string;
  port: number;
  payloadType?: number;
  /** Keeping one SSRC across forwarders lets a receiver see one stream when the source changes. */
  ssrc?: number;
}

/** A running copy of media towards an RtpTarget. */
export interface RtpForward {
  /** Ends the copy; a media server that went away meanwhile counts as stopped. */
  stop(): Promise<void>;
}

/** A member's video PeerConnection (camera or screen) into the video router. */
export interface VideoPublisher extends Recordable {
  readonly feedId: number;
  readonly source: VideoSource;
  /** Relays the member's offer (first publish, renegotiation or ICE restart); returns the answer. */
  offer(sdp: string): Promise<string>;
  /** Stops (or resumes) forwarding the video to everyone. */
  setForwarding(send: boolean): Promise<void>;
  trickle(candidate: Candidate | null): Promise<void>;
  /** Called once when media from the member reaches the media server. */
  onMediaUp(listener: () => void): void;
  /**
   * A copy of this member's video (VP8) as RTP; the media server asks the sender for a keyframe.
   * Of a simulcast camera one layer is sent, the best that arrives. Rejects before the first offer.
   */
  forwardVideo(target: RtpTarget): Promise<RtpForward>;
  close(): Promise<void>;
}

/** A stream offered to a subscriber, as the media server labels it in its offer. */
export interface OfferedStream {
  mid: string;
  feedId: number;
}

export interface SubscriberEvents {
  /** The media server renegotiates on its own (a feed went away): answer with `answer`. */
  offer(sdp: string, streams: OfferedStream[]): void;
  /** The media server lost packets towards this member. */
  slowLink(): void;
}

/** One member's receiving PeerConnection holding the video feeds they watch. */
export interface VideoSubscriber {
  /**
   * Adds and drops feeds in one step. Resolves with an offer when the change needs a
   * renegotiation, with the streams now carried.
   */
  update(add: number[], drop: number[]): Promise<{ sdp?: string; streams: OfferedStream[] }>;
  /** The member's answer to the last offer. */
  answer(sdp: string): Promise<void>;
  /** Which simulcast layer (0 smallest) of the stream on `mid` to forward. */
  setLayer(mid: string, layer: number): Promise<void>;
  restartIce(): Promise<{ sdp?: string; streams: OfferedStream[] }>;
  trickle(candidate: Candidate | null): Promise<void>;
  close(): Promise<void>;
}

/** One person watching a program: the media server offers (receive-only audio and video), the browser answers. */
export interface ProgramViewer {
  readonly offer: string;
  answer(sdp: string): Promise<void>;
  trickle(candidate: Candidate | null): Promise<void>;
  close(): Promise<void>;
}

/**
 * A meeting's program as one broadcast: the media server takes one Opus and one VP8 RTP stream in
 * and sends the same packets to every viewer, with no encoding per viewer.
 */
export interface ProgramChannel {
  /** Where the program's audio (Opus) goes in. */
  readonly audio: RtpTarget;
  /** Where the program's video (VP8) goes in. */
  readonly video: RtpTarget;
  watch(): Promise<ProgramViewer>;
  destroy(): Promise<void>;
}

export interface RoomEvents {
  /** The mixer's voice activity for a seat (already de-duplicated). */
  talking(seatId: number, talking: boolean): void;
}

/**
 * A meeting's rooms on the media server: one video router, one audio mixer. `member` is the
 * participant's id: a meeting spread over several media servers keeps each member's seat,
 * publishers and subscriber on one of them.
 */
export interface MediaRooms {
  readonly id: number;
  /** This server's address as the media server reaches it: where plain RTP meant for this server goes. */
  readonly serverAddress: string;
  openSeat(member: string, muted: boolean): Promise<WebRtcSeat>;
  openRtpSeat(member: string, muted: boolean, endpoint: RtpEndpoint): Promise<RtpSeat>;
  openPublisher(member: string, source: VideoSource, bitrate: number): Promise<VideoPublisher>;
  openSubscriber(member: string, events: SubscriberEvents): VideoSubscriber;
  /** The whole mix (everyone's voice) as Opus RTP at 48 kHz; silence is sent too, so a receiver's clock keeps running. */
  forwardMix(target: RtpTarget): Promise<RtpForward>;
  /** A broadcast channel on the same media server as the rooms, for those who watch without a seat. */
  openProgram(): Promise<ProgramChannel>;
  destroy(): Promise<void>;
}

export interface MediaDriver {
  readonly state: MediaState;
  /** Creates the rooms of one meeting; rejects with MediaUnavailableError while the server is down. */
  createRooms(options: { maxPublishers: number }, events: RoomEvents): Promise<MediaRooms>;
  /**
   * Rooms stopped existing (their media server restarted, or went away and its meetings move to
   * another); `lost` tells which. The listener makes new rooms for their meetings.
   */
  onRoomsLost(listener: (lost: (rooms: MediaRooms) => boolean) => void): void;
}

export class MediaUnavailableError extends Error {
  constructor() {
    super('media server unavailable');
  }
}
