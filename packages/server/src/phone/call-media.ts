import { randomInt } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { buildRtp, levelOf, parseRtp, type RtpPacket } from './rtp.ts';
import type { PromptName, Prompts } from './prompts.ts';
import type { Negotiated } from './sdp.ts';
import { TelephoneEvents } from './telephone-events.ts';
import { CALL_FRAME_SAMPLES, CallTranscoder } from './transcode.ts';

const FRAME_MS = 20;
/** 20 ms of 8 kHz audio: one G.711 frame. */
const FRAME_SAMPLES = CALL_FRAME_SAMPLES;
/** The payload type of the Opus between moot and the mixer, and 20 ms on Opus's 48 kHz RTP clock. */
const MIXER_PT = 111;
const MIXER_FRAME_TICKS = 960;
/**
 * Voice activity as the meeting's mixer judges browsers (janus-driver.ts: a second of frames
 * averaging louder than 40 -dBov): Janus 1.1 reads no audio level from plain-RTP seats, so the
 * gateway measures its callers itself.
 */
const TALK_FRAMES = 50;
const TALK_LEVEL = 40;

/**
 * One call's audio. The caller's voice goes to the mixer as Opus (transcode.ts), its loudness judged
 * for the speaking indicator; key presses are taken out and reported; the mix comes back to the caller
 * except while a prompt plays, which replaces it. Towards the caller moot is one RTP source with
 * its own sequence and clock, whether it sends the mix or a prompt.
 */
export class CallMedia {
  private mixer: { host: string; port: number } | undefined;
  private readonly keys = new TelephoneEvents();
  private keyListener: (key: string) => void = () => undefined;
  private talkListener: (talking: boolean) => void = () => undefined;
  private talk = { frames: 0, sum: 0, talking: false };
  private readonly out = { ssrc: randomInt(1, 2 ** 32 - 1), sequence: randomInt(0, 65535), timestamp: randomInt(0, 2 ** 31) };
  /** Towards the mixer moot is one RTP source too, whichever seat it sends to. */
  private readonly toMix = { ssrc: randomInt(1, 2 ** 32 - 1), sequence: randomInt(0, 65535), timestamp: randomInt(0, 2 ** 31) };
  private readonly transcoder: CallTranscoder;
  private lastSentAt = 0;
  private prompt: { frames: Buffer; offset: number; started: number; done: () => void; timer?: NodeJS.Timeout } | undefined;
  private queue: { name: PromptName; done: () => void }[] = [];
  private closed = false;

  constructor(
    private readonly call: Negotiated,
    /** Faces the caller: moot's address in the SDP answer. */
    private readonly callerSocket: Socket,
    /** Faces the mixer, which takes a seat's packets only from the address it was given. */
    private readonly mixerSocket: Socket,
    private readonly prompts: Prompts,
  ) {
    this.transcoder = new CallTranscoder(call.codec);
    callerSocket.on('message', (data) => this.fromCaller(data));
    mixerSocket.on('message', (data) => this.fromMixer(data));
  }

  get local(): { host: string; port: number } {
    const a = this.callerSocket.address();
    return { host: a.address, port: a.port };
  }

  /** Where the mixer should send this call's mix: Opus, which moot turns into the caller's G.711 (see transcode.ts). */
  get mixerEndpoint(): { host: string; port: number; payloadType: number; codec: 'opus' } {
    const a = this.mixerSocket.address();
    return { host: a.address, port: a.port, payloadType: MIXER_PT, codec: 'opus' };
  }

  onKey(listener: (key: string) => void): void {
    this.keyListener = listener;
  }

  /** The caller started or stopped talking (judged only while connected to the mixer). */
  onTalking(listener: (talking: boolean) => void): void {
    this.talkListener = listener;
  }

  /**
   * The mixer sends a plain-RTP seat no mix until a first packet has come from it, and a phone
   * that suppresses silence sends none while its caller only listens: one silent frame opens the
   * seat's mix at once (for a muted seat too: the mixer starts the seat before it drops muted audio).
   */
  connectMixer(mixer: { host: string; port: number }): void {
    if (this.closed) return;
    this.mixer = mixer;
    this.toMixer(new Int16Array(FRAME_SAMPLES), mixer);
  }

  /** Plays a prompt after those already queued; resolves when it has been sent (or the call closed). */
  say(name: PromptName): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((done) => {
      this.queue.push({ name, done });
      if (!this.prompt) this.playNext();
    });
  }

  /** Stops the prompt playing and drops those queued (a key press answers them). */
  hush(): void {
    for (const q of this.queue.splice(0)) q.done();
    if (this.prompt) {
      clearTimeout(this.prompt.timer);
      const { done } = this.prompt;
      this.prompt = undefined;
      done();
    }
  }

  close(): void {
    if (this.closed) return;
    this.hush();
    this.closed = true;
    this.callerSocket.close();
    this.mixerSocket.close();
    this.transcoder.close();
  }

  private fromCaller(data: Buffer): void {
    const packet = parseRtp(data);
    if (!packet) return;
    if (packet.payloadType === this.call.keysPayloadType) {
      const key = this.keys.receive(packet);
      if (key) this.keyListener(key);
      return;
    }
    if (packet.payloadType !== this.call.payloadType || !this.mixer) return;
    const samples = this.transcoder.decode(packet.payload);
    for (let at = 0; at + FRAME_SAMPLES <= samples.length; at += FRAME_SAMPLES) this.toMixer(samples.subarray(at, at + FRAME_SAMPLES), this.mixer);
    this.judgeTalking(levelOf(samples));
  }

  private toMixer(frame: Int16Array, mixer: { host: string; port: number }): void {
    const m = this.toMix;
    m.sequence = (m.sequence + 1) & 0xffff;
    m.timestamp = (m.timestamp + MIXER_FRAME_TICKS) >>> 0;
    const header: Omit<RtpPacket, 'payload'> = { payloadType: MIXER_PT, marker: false, sequence: m.sequence, timestamp: m.timestamp, ssrc: m.ssrc };
    this.mixerSocket.send(buildRtp(header, this.transcoder.toOpus(frame)), mixer.port, mixer.host);
  }

  private judgeTalking(level: number): void {
    const talk = this.talk;
    talk.frames += 1;
    talk.sum += level;
    if (talk.frames < TALK_FRAMES) return;
    const talking = talk.sum / talk.frames < TALK_LEVEL;
    talk.frames = 0;
    talk.sum = 0;
    if (talking === talk.talking) return;
    talk.talking = talking;
    this.talkListener(talking);
  }

  private fromMixer(data: Buffer): void {
    if (this.prompt) return;
    const packet = parseRtp(data);
    if (packet && packet.payloadType === MIXER_PT) this.toCaller(this.transcoder.toG711(packet.payload));
  }

  /** Sends one frame with moot's own sequence and a clock that also counts the silent gaps. */
  private toCaller(payload: Buffer): void {
    if (this.closed) return;
    const now = Date.now();
    const gap = this.lastSentAt === 0 ? FRAME_MS : now - this.lastSentAt;
    const frames = Math.max(1, Math.round(gap / FRAME_MS));
    this.out.sequence = (this.out.sequence + 1) & 0xffff;
    this.out.timestamp = (this.out.timestamp + frames * FRAME_SAMPLES) >>> 0;
    this.lastSentAt = now;
    const header: Omit<RtpPacket, 'payload'> = { payloadType: this.call.payloadType, marker: frames > 2, sequence: this.out.sequence, timestamp: this.out.timestamp, ssrc: this.out.ssrc };
    this.callerSocket.send(buildRtp(header, payload), this.call.remote.port, this.call.remote.host);
  }

  private playNext(): void {
    const next = this.queue.shift();
    if (!next || this.closed) return;
    this.prompt = { frames: this.prompts.audio(next.name, this.call.codec), offset: 0, started: Date.now(), done: next.done };
    this.sendFrame();
  }

  /** Paced by the wall clock, not by counting timer ticks, so playback keeps time under load. */
  private sendFrame(): void {
    const p = this.prompt;
    if (!p) return;
    if (p.offset >= p.frames.length) {
      this.prompt = undefined;
      p.done();
      this.playNext();
      return;
    }
    this.toCaller(p.frames.subarray(p.offset, p.offset + FRAME_SAMPLES));
    p.offset += FRAME_SAMPLES;
    const due = p.started + (p.offset / FRAME_SAMPLES) * FRAME_MS;
    p.timer = setTimeout(() => this.sendFrame(), Math.max(0, due - Date.now()));
  }
}
