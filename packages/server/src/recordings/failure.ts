import { ToolError } from './tools.ts';

/**
 * Why a recording failed, in words its owner reads on the Recordings page. The technical detail
 * (a tool's error output, a stack) goes to the server log, never to the page.
 */
export class ProcessingError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export const reasons = {
  interrupted: 'The server stopped while this meeting was being recorded, so nothing of it could be kept.',
  rawGone: "The meeting's recorded streams are no longer on the server.",
  notesGone: "The meeting's timeline is no longer on the server.",
  toolMissing: 'The server is missing a program needed to make videos (ffmpeg, janus-pp-rec or pdftoppm); an administrator must install it.',
  diskFull: 'The server ran out of disk space while making the video.',
  unknown: "The video could not be made from the meeting's recorded streams.",
} as const;

export function readableReason(err: unknown): string {
  if (err instanceof ProcessingError) return err.reason;
  if (err instanceof ToolError && err.missing) return reasons.toolMissing;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : '';
  if (code === 'ENOSPC' || /No space left on device/i.test(message)) return reasons.diskFull;
  return reasons.unknown;
}
