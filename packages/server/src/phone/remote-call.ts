import { parseMessage } from '../cluster/cluster.ts';
import { BEAT_LOST_MS, BEAT_MS, channels, inbox } from '../cluster/relay.ts';
import { findRoom } from '../rooms/rooms.ts';
import { CallOffer, FromCall, type CallBus, type ToCall } from './handover-messages.ts';
import { PhoneCall, type CallAudio, type CallLine, type PhoneCallDeps } from './phone-call.ts';
import type { PromptName } from './prompts.ts';
import type { Caller } from './sip-endpoint.ts';

/**
 * A call another process holds, as the meeting's process sees it: its line and its audio in one,
 * each action a message on the call's down channel, each key, talking change and hang-up one
 * coming up. The holding process beats; when it falls silent the caller counts as gone.
 */
class RemoteCall implements CallLine, CallAudio {
  readonly caller: Caller;
  readonly mixerEndpoint: CallOffer['mixer'];
  private keyListener: (key: string) => void = () => undefined;
  private talkListener: (talking: boolean) => void = () => undefined;
  private readonly endedListeners: (() => void)[] = [];
  private readonly saying = new Map<number, () => void>();
  private seq = 0;
  private heardAt = Date.now();
  private readonly beat: NodeJS.Timeout;
  private over = false;

  constructor(
    private readonly cluster: CallBus,
    private readonly down: string,
    offer: CallOffer,
    private readonly unsubscribe: () => Promise<void>,
  ) {
    this.caller = { number: offer.caller.number, address: offer.caller.address };
    this.mixerEndpoint = offer.mixer;
    this.beat = setInterval(() => (Date.now() - this.heardAt > BEAT_LOST_MS ? this.ended() : this.publish({ type: 'beat' })), BEAT_MS);
    this.beat.unref();
    // The first beat tells the holding process that the call is taken.
    this.publish({ type: 'beat' });
  }

  receive(message: FromCall): void {
    this.heardAt = Date.now();
    switch (message.type) {
      case 'key':
        return this.keyListener(message.key);
      case 'talking':
        return this.talkListener(message.talking);
      case 'said':
        this.saying.get(message.seq)?.();
        this.saying.delete(message.seq);
        return;
      case 'ended':
        return this.ended();
      case 'beat':
    }
  }

  onKey(listener: (key: string) => void): void {
    this.keyListener = listener;
  }

  onTalking(listener: (talking: boolean) => void): void {
    this.talkListener = listener;
  }

  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  say(prompt: PromptName): Promise<void> {
    if (this.over) return Promise.resolve();
    const seq = ++this.seq;
    return new Promise((done) => {
      this.saying.set(seq, done);
      this.publish({ type: 'say', prompt, seq });
    });
  }

  /** As on a local call, whoever waits for a prompt goes on at once. */
  hush(): void {
    this.publish({ type: 'hush' });
    this.resolveSaying();
  }

  connectMixer(mixer: { host: string; port: number }): void {
    this.publish({ type: 'connect', host: mixer.host, port: mixer.port });
  }

  hangUp(): void {
    this.publish({ type: 'hangUp' });
    this.ended();
  }

  close(): void {
    if (this.over) return;
    this.over = true;
    clearInterval(this.beat);
    this.resolveSaying();
    void this.unsubscribe().catch(() => undefined);
  }

  private ended(): void {
    this.close();
    for (const listener of this.endedListeners.splice(0)) listener();
  }

  private resolveSaying(): void {
    for (const done of this.saying.values()) done();
    this.saying.clear();
  }

  private publish(message: ToCall): void {
    if (!this.over) void this.cluster.publish(this.down, JSON.stringify(message)).catch(() => undefined);
  }
}

export interface RemoteCallsDeps extends PhoneCallDeps {
  /** The live process that runs the room's meeting when it is another one (see Shared). */
  ownerElsewhere(roomId: string): Promise<string | undefined>;
}

/**
 * Takes, in the process that runs a meeting, the calls other processes hand it (call-handover.ts):
 * each caller enters the meeting as a PhoneCall over a RemoteCall, with no second PIN dialogue.
 */
export class RemoteCalls {
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly cluster: CallBus,
    private readonly deps: RemoteCallsDeps,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.cluster.subscribe(inbox(this.cluster, this.cluster.processId), (text) => {
      const offer = parseMessage(CallOffer, text);
      if (offer) void this.take(offer).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'could not take a call from another process'));
    });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }

  private async take(offer: CallOffer): Promise<void> {
    const { up, down } = channels(this.cluster, offer.connId);
    let remote: RemoteCall | undefined;
    const unsubscribe = await this.cluster.subscribe(up, (text) => {
      const message = parseMessage(FromCall, text);
      if (message) remote?.receive(message);
    });
    remote = new RemoteCall(this.cluster, down, offer, unsubscribe);
    const call = new PhoneCall(this.deps, remote, remote);
    await call.runInRoom(async () => {
      const room = await findRoom(this.deps.db, offer.roomId);
      // The meeting ended (and may have started in another process) since the call was handed here.
      return room && (await this.deps.ownerElsewhere(room.id)) === undefined ? room : undefined;
    });
  }
}
