import { parseMessage } from '../cluster/cluster.ts';
import { BEAT_LOST_MS, BEAT_MS, READY_WAIT_MS, channels, inbox } from '../cluster/relay.ts';
import { randomId } from '../ids.ts';
import type { Logger } from '../log.ts';
import { ToCall, type CallBus, type CallOffer, type FromCall } from './handover-messages.ts';
import type { CallAudio, CallLine, PinDialogue } from './phone-call.ts';

/**
 * Hands a call to the process that runs its meeting (`owner`). This process keeps what is bound
 * to it: the SIP dialog and the call's audio (the caller's RTP, prompts, keys, talking), whose
 * mixer side the owner's Janus sends the mix to. The owner has the caller in its meeting and
 * steers the call over the call's channels: prompts to play, the seat to send the voice to,
 * hanging up. Each side beats; a silent owner is gone, and `lost` says what becomes of the call.
 */
export async function handOverCall(cluster: CallBus, owner: string, roomId: string, call: CallLine, media: CallAudio, log: Logger, lost: () => void): Promise<void> {
  const connId = randomId();
  const { up, down } = channels(cluster, connId);
  const handedAt = Date.now();
  let heardAt: number | undefined;
  let over = false;
  const publish = (message: FromCall) => void cluster.publish(up, JSON.stringify(message)).catch((err: Error) => log.warn({ err: err.message }, 'could not relay a call’s message'));
  const stop = () => {
    over = true;
    clearInterval(beat);
    void unsubscribe().catch(() => undefined);
  };
  const ownerLost = () => {
    if (over) return;
    stop();
    // Should the owner only be out of reach, it lets the caller go at once.
    publish({ type: 'ended' });
    log.info({ owner, roomId }, 'the process running a caller’s meeting is gone');
    media.hush();
    lost();
  };
  const unsubscribe = await cluster.subscribe(down, (text) => {
    const message = parseMessage(ToCall, text);
    if (!message || over) return;
    heardAt = Date.now();
    switch (message.type) {
      case 'say':
        void media.say(message.prompt).then(() => over || publish({ type: 'said', seq: message.seq }));
        return;
      case 'hush':
        return media.hush();
      case 'connect':
        return media.connectMixer({ host: message.host, port: message.port });
      case 'hangUp':
        stop();
        return call.hangUp();
      case 'beat':
    }
  });
  media.onKey((key) => publish({ type: 'key', key }));
  media.onTalking((talking) => publish({ type: 'talking', talking }));
  call.onEnded(() => {
    if (over) return;
    stop();
    publish({ type: 'ended' });
  });
  const beat = setInterval(() => {
    const silent = heardAt === undefined ? Date.now() - handedAt > READY_WAIT_MS : Date.now() - heardAt > BEAT_LOST_MS;
    if (silent) ownerLost();
    else publish({ type: 'beat' });
  }, BEAT_MS);
  beat.unref();
  const offer: CallOffer = { type: 'call', connId, roomId, caller: call.caller, mixer: media.mixerEndpoint };
  await cluster.publish(inbox(cluster, owner), JSON.stringify(offer));
}

/**
 * The PIN dialogue's hand-over with several processes: to the process `ownerElsewhere` names.
 * Without one (a single process, or Redis not answering), the meeting runs here.
 */
export function handOverTo(cluster: CallBus | undefined, ownerElsewhere: (roomId: string) => Promise<string | undefined>, log: Logger): PinDialogue['handOver'] {
  return async (roomId, call, media, lost) => {
    const owner = cluster && (await ownerElsewhere(roomId));
    if (!cluster || !owner) return false;
    log.info({ roomId, owner }, 'a call goes to the process that runs its meeting');
    await handOverCall(cluster, owner, roomId, call, media, log, lost);
    return true;
  };
}
