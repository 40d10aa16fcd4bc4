import { spawn } from 'node:child_process';

/** An external tool that could not be started (`missing`) or exited with an error. */
export class ToolError extends Error {
  constructor(
    readonly command: string,
    readonly missing: boolean,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs one of the external tools recordings need (janus-pp-rec, ffmpeg, ffprobe): resolves with
 * its standard output, rejects with a ToolError quoting the end of its error output. Lines of
 * standard output go to `onLine` as they come (ffmpeg's progress report).
 */
export function run(command: string, args: string[], onLine?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!onLine) return;
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('error', (err) => reject(new ToolError(command, true, `${command} could not run: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new ToolError(command, false, `${command} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** The first JSON object in a tool's output; undefined when there is none (tools print nothing for an empty input). */
export function jsonIn(output: string): unknown {
  const start = output.indexOf('{');
  const end = output.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    return JSON.parse(output.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

export interface Probed {
  durationS: number;
  kinds: string[];
}

/** ffprobe's account of a media file; undefined when ffprobe finds no media in it. */
export async function probe(file: string): Promise<Probed | undefined> {
  const out = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file]).catch((err: ToolError) => {
    if (err.missing) throw err;
    return '';
  });
  const info = jsonIn(out) as { format?: { duration?: string }; streams?: { codec_type?: string }[] } | undefined;
  const kinds = (info?.streams ?? []).flatMap((s) => (s.codec_type ? [s.codec_type] : []));
  if (kinds.length === 0) return undefined;
  const durationS = Number(info?.format?.duration);
  return { durationS: Number.isFinite(durationS) ? durationS : 0, kinds };
}

/** When each video frame of a file is shown, in seconds, read from the container (nothing is decoded). */
export async function frameTimes(file: string): Promise<number[]> {
  const out = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file]);
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
}
