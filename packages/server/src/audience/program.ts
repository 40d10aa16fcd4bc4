import { randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Logger } from '../log.ts';
import type { ProgramChannel, ProgramViewer, RtpForward } from '../media/driver.ts';
import type { Meeting } from '../meetings/meeting.ts';
import { VP8_PT } from '../livestream/encoder.ts';
import { ProgramPicture } from '../livestream/picture.ts';
import { OpusPackingRelay } from './opus-packing.ts';

/** The relays run beside moot and the media server: loopback only. */

/**
 * A meeting's program for its audience while anyone is in it: the mix (three frames a packet:
 * opus-packing.ts) and the meeting's program picture (livestream/picture.ts: the shared screen,
 * the presenter's page, the talking person's camera or the room's card, as the livestream
 * shows it) forwarded into one broadcast channel of the media server, which sends the same
 * packets to every viewer.
 */
export class Program {
  private constructor(
    private channel: ProgramChannel,
    private mix: RtpForward,
    private audio: OpusPackingRelay,
    private picture: ProgramPicture,
    private log: Logger,
  ) {}

  /** Rejects when the media server cannot take part; nothing is left running then. */
  static async start(meeting: Meeting, log: Logger): Promise<Program> {
    const rooms = await meeting.ensureMedia();
    const channel = await rooms.openProgram();
    let audio: OpusPackingRelay | undefined;
    let mix: RtpForward | undefined;
    try {
      audio = await OpusPackingRelay.open(rooms.serverAddress, channel.audio, randomInt(0, 2 ** 16));
      mix = await rooms.forwardMix({ host: rooms.serverAddress, port: audio.port, payloadType: channel.audio.payloadType });
      const { host, port, payloadType = VP8_PT } = channel.video;
      const picture = await ProgramPicture.start(meeting, { host, port, payloadType }, tmpdir(), log);
      log.info('the audience’s program started');
      return new Program(channel, mix, audio, picture, log);
    } catch (err) {
      await mix?.stop().catch(() => undefined);
      audio?.close();
      await channel.destroy();
      throw err;
    }
  }

  /** A new viewer; the picture's sender is asked for a key frame so the viewer sees it soon. */
  async watch(): Promise<ProgramViewer> {
    const viewer = await this.channel.watch();
    this.picture.freshKeyFrame();
    return viewer;
  }

  /** Ends the forwarders and the channel (its viewers' connections close with it). */
  async stop(): Promise<void> {
    await Promise.allSettled([this.picture.stop(), this.mix.stop()]);
    this.audio.close();
    await this.channel.destroy();
    this.log.info('the audience’s program stopped');
  }
}
