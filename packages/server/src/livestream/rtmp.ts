import { writeFileSync } from 'node:fs';
import type { Destination } from './destinations.ts';
import type { PushTarget } from './pusher.ts';

/**
 * ffmpeg's command line is readable by every local user (/proc/<pid>/cmdline), so the stream key
 * never goes there: the RTMP application and the key reach ffmpeg as protocol options in a preset
 * file (`-fpre`, read once as it starts), mode 0600 inside the livestream's private folder.
 * Server address and key are split the way streaming sites document them (the address's path is
 * the application, the key is the stream's name), so the address on the command line holds no key.
 */
export function rtmpTarget(destination: Destination, presetFile: string): PushTarget {
  writeFileSync(presetFile, rtmpPreset(destination), { mode: 0o600 });
  return {
    name: destination.name,
    output: ['-f', 'flv', '-fpre', presetFile, destination.url],
    secrets: [destination.streamKey],
  };
}

/**
 * The preset's lines, option=value (the schemas keep spaces and newlines out of addresses and
 * keys). An address without a path has no application: ffmpeg refuses an empty value.
 */
export function rtmpPreset(destination: Pick<Destination, 'url' | 'streamKey'>): string {
  const app = destination.url.replace(/^rtmps?:\/\/[^/]*/i, '').replace(/^\/+|\/+$/g, '');
  return `${app ? `rtmp_app=${app}\n` : ''}rtmp_playpath=${destination.streamKey}\n`;
}
