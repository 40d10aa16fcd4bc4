import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The one ffmpeg process of a livestream: the meeting's mix (Opus RTP) and the program's video
 * (VP8 RTP) or the room's card in, H.264 + AAC in MPEG-TS out on stdout, which the pushers copy to
 * each destination. Sized for a small server: 960×540 at 25 frames, x264 veryfast/zerolatency.
 */

export const OPUS_PT = 111;
export const VP8_PT = 100;
const WIDTH = 960;
const HEIGHT = 540;
const FPS = 25;
const BACKGROUND = '0x1d2430';

/** The RTP streams the encoder listens for, described for ffmpeg. Without `videoPort`, audio only. */
export function programSdp(audioPort: number, videoPort?: number): string {
  const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=moot program', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${audioPort} RTP/AVP ${OPUS_PT}`, `a=rtpmap:${OPUS_PT} opus/48000/2`];
  if (videoPort !== undefined) lines.push(`m=video ${videoPort} RTP/AVP ${VP8_PT}`, `a=rtpmap:${VP8_PT} VP8/90000`);
  return `${lines.join('\n')}\n`;
}

/** A path inside a filter graph's option value. */
const filterPath = (path: string) => path.replace(/[\\':,;[\]]/g, '\\$&');

/**
 * ffmpeg's arguments. `card` (a file holding the room's name) replaces the video when nobody
 * sends any. Arrival time stamps the packets: the video's source changes with the speaker.
 */
export function encoderArgs(sdpFile: string, card?: string): string[] {
  const rtpInput = ['-protocol_whitelist', 'file,udp,rtp', '-use_wallclock_as_timestamps', '1', '-i', sdpFile];
  const fit = `scale=${WIDTH}:${HEIGHT}:force_original_aspect_ratio=decrease,pad=${WIDTH}:${HEIGHT}:(ow-iw)/2:(oh-ih)/2:color=${BACKGROUND},fps=${FPS},format=yuv420p`;
  const inputs = card
    ? [
        '-re',
        '-f',
        'lavfi',
        '-i',
        `color=c=${BACKGROUND}:s=${WIDTH}x${HEIGHT}:r=${FPS},drawtext=textfile=${filterPath(card)}:fontcolor=white:fontsize=44:x=(w-tw)/2:y=(h-th)/2,format=yuv420p`,
        ...rtpInput,
        '-map',
        '0:v:0',
        '-map',
        '1:a:0',
      ]
    : [...rtpInput, '-map', '0:v:0', '-map', '0:a:0', '-vf', fit];
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    ...inputs,
    // Packets stamped on arrival come in bursts: resample keeps the sound continuous.
    '-af',
    'aresample=async=1',
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-b:v', '1500k', '-maxrate', '1500k', '-bufsize', '3000k'],
    // A key frame every two seconds: a destination that reconnects starts again quickly.
    ...['-g', String(FPS * 2), '-keyint_min', String(FPS * 2), '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'],
    '-f',
    'mpegts',
    'pipe:1',
  ];
}

/** Starts ffmpeg; resolves once it runs, rejects when it cannot start (not installed). */
export async function startEncoder(args: string[]): Promise<ChildProcess> {
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return child;
}
