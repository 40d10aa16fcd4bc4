import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The one encoder of a livestream: the meeting's mix (Opus RTP) and the program's video (VP8 RTP:
 * a person's camera or screen, or the room's card) in, H.264 + AAC in MPEG-TS out on stdout, which
 * the pushers copy to each destination. Sized for a small server: 960×540 at 25 frames, x264
 * veryfast/zerolatency.
 */

export const OPUS_PT = 111;
export const VP8_PT = 100;
const WIDTH = 960;
const HEIGHT = 540;
const FPS = 25;
const BACKGROUND = '0x1d2430';

/** The RTP streams the encoder listens for, described for ffmpeg. */
export function programSdp(host: string, audioPort: number, videoPort: number): string {
  return `${['v=0', `o=- 0 0 IN IP4 ${host}`, 's=moot program', `c=IN IP4 ${host}`, 't=0 0', `m=audio ${audioPort} RTP/AVP ${OPUS_PT}`, `a=rtpmap:${OPUS_PT} opus/48000/2`, `m=video ${videoPort} RTP/AVP ${VP8_PT}`, `a=rtpmap:${VP8_PT} VP8/90000`].join('\n')}\n`;
}

/** A path inside a filter graph's option value. */
const filterPath = (path: string) => path.replace(/[\\':,;[\]]/g, '\\$&');

/** The encoder's arguments. Arrival time stamps the packets: the video's source changes with the speaker. */
export function encoderArgs(sdpFile: string): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    ...['-protocol_whitelist', 'file,udp,rtp', '-use_wallclock_as_timestamps', '1', '-i', sdpFile],
    ...['-map', '0:v:0', '-map', '0:a:0'],
    '-vf',
    `scale=${WIDTH}:${HEIGHT}:force_original_aspect_ratio=decrease,pad=${WIDTH}:${HEIGHT}:(ow-iw)/2:(oh-ih)/2:color=${BACKGROUND},fps=${FPS},format=yuv420p`,
    // Packets stamped on arrival come in bursts: resampling keeps the sound continuous.
    '-af',
    'aresample=async=1',
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-b:v', '1500k', '-maxrate', '1500k', '-bufsize', '3000k'],
    // A key frame every two seconds: a destination that reconnects shows a picture again quickly.
    ...['-g', String(FPS * 2), '-keyint_min', String(FPS * 2), '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'],
    '-f',
    'mpegts',
    'pipe:1',
  ];
}

/**
 * The room's card (its name on a plain background) as VP8 RTP, for when nobody sends video. It
 * reaches the encoder through the same relay as people's video, so the encoder never restarts.
 * Few frames, but a key frame every second, so a switch to it shows at once.
 */
export function cardArgs(nameFile: string, target: StillTarget, ssrc: number): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    `color=c=${BACKGROUND}:s=640x360:r=5,drawtext=textfile=${filterPath(nameFile)}:fontcolor=white:fontsize=32:x=(w-tw)/2:y=(h-th)/2,format=yuv420p`,
    ...stillPictureRtp(target, ssrc, '150k'),
  ];
}

/** Where a still picture's VP8 RTP goes. */
export interface StillTarget {
  host: string;
  port: number;
  payloadType: number;
}

/** How a still picture of 5 frames a second goes into the relay: VP8 RTP with a key frame every second, so a switch to it shows at once. */
export function stillPictureRtp(target: StillTarget, ssrc: number, bitrate: string): string[] {
  return [
    ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', bitrate, '-g', '5'],
    ...['-payload_type', String(target.payloadType), '-ssrc', String(ssrc), '-f', 'rtp', `rtp://${target.host}:${target.port}`],
  ];
}

/** Starts ffmpeg; resolves once it runs, rejects when it cannot start (not installed). */
export async function startFfmpeg(args: string[]): Promise<ChildProcess> {
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return child;
}
