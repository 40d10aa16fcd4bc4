import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { routes, type RecordingView } from '@moot/protocol';
import { audit } from '../audit/audit.ts';
import { findRoom } from '../rooms/rooms.ts';
import type { ReadyNotes } from '../recordings/jobs.ts';
import { purgeExpired } from '../recordings/retention.ts';
import { openVault } from '../recordings/service.ts';
import { importRecording } from '../recordings/import.ts';
import { findRecording, listRecordings } from '../recordings/store.ts';
import { recordedMeeting } from '../recordings/recorded-meetings.ts';
import { run } from '../recordings/tools.ts';
import { recordingView } from '../recordings/view.ts';
import { CliError, print, table } from './output.ts';
import { cliProgress, counted } from './progress.ts';
import { roomIdOf } from './rooms.ts';
import { cliActor, type OpenContext } from './users.ts';

/** ffprobe's view of a file to import: it must hold video, in a container a browser plays. */
async function probe(file: string): Promise<{ contentType: ReadyNotes['contentType']; durationMs: number }> {
  const out = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=format_name,duration:stream=codec_type', '-of', 'json', file]).catch(() => {
    throw new CliError('bad-request', `${file} is not a media file ffprobe can read`);
  });
  const info = JSON.parse(out) as { format?: { format_name?: string; duration?: string }; streams?: { codec_type?: string }[] };
  if (!info.streams?.some((s) => s.codec_type === 'video')) throw new CliError('bad-request', `${file} has no video`);
  const format = info.format?.format_name ?? '';
  const contentType = format.includes('webm') || format.includes('matroska') ? 'video/webm' : format.includes('mp4') ? 'video/mp4' : undefined;
  if (!contentType) throw new CliError('bad-request', `${file} is ${format}: import WebM or MP4`);
  return { contentType, durationMs: Math.round(Number(info.format?.duration ?? 0) * 1000) };
}

export function recordingCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const recording = program.command('recording').description('Recordings (encrypted at rest)');

  recording
    .command('list')
    .description('List recordings with their state, size and web routes')
    .option('--room <url-or-id>', 'only this room')
    .option('--json', 'print JSON')
    .action(async (opts: { room?: string; json?: boolean }) => {
      const { db } = await context();
      try {
        const rows = await listRecordings(db, opts.room ? { roomId: roomIdOf(opts.room) } : {});
        const list: (Omit<RecordingView, 'manage' | 'shareLinks'> & { routes: Record<string, string> })[] = [];
        for (const row of rows) {
          const view = recordingView(row, (await findRoom(db, row.room_id))?.name ?? '', false);
          const { manage: _manage, shareLinks: _shareLinks, ...rest } = view;
          list.push({
            ...rest,
            routes: {
              recording: routes.recording(row.id),
              links: routes.recordingLinks(row.id),
              media: routes.recordingMedia(row.id),
              notes: routes.recordingNotes(row.id),
              meeting: routes.recordingMeeting(row.id),
              shares: routes.recordingShares(row.id),
            },
          });
        }
        print(Boolean(opts.json), list, () => table(list.map((r) => ({ id: r.id, room: r.room.name, state: r.state, size: r.size, started: r.startedAt })), ['id', 'room', 'state', 'size', 'started']));
      } finally {
        await db.destroy();
      }
    });

  recording
    .command('export <id> <file>')
    .description('Write a recording decrypted to <file>, and its metadata (chat, speakers, shared notes, published polls) to <file>.json')
    .option('--json', 'print JSON')
    .action(async (id: string, file: string, opts: { json?: boolean }) => {
      const { db, config } = await context();
      try {
        const row = await findRecording(db, id);
        if (!row) throw new CliError('not-found', `no recording ${id}`);
        if (row.state !== 'ready') throw new CliError('bad-request', `the recording is ${row.state}`);
        const { vault } = openVault(config, db);
        const notes = await vault.readNotes<ReadyNotes>(row);
        const media = await vault.openMedia(row);
        const progress = cliProgress('Exporting', 'bytes', undefined, { json: opts.json });
        await pipeline(Readable.from(counted(media.range(), row.size, progress.update)), createWriteStream(file, { mode: 0o600 })).finally(progress.finish);
        const metadata = { ...recordingView(row, (await findRoom(db, row.room_id))?.name ?? '', false), ...notes, meeting: await recordedMeeting(db, row) };
        await writeFile(`${file}.json`, `${JSON.stringify(metadata, null, 2)}\n`, { mode: 0o600 });
        await audit(db, { actor: cliActor(), action: 'recording.export', target: row.id, origin: 'cli', details: { room: row.room_id } });
        print(Boolean(opts.json), { id, file, metadata: `${file}.json` }, () => `Wrote ${file} and ${file}.json`);
      } finally {
        await db.destroy();
      }
    });

  recording
    .command('import <room> <file>')
    .description('Encrypt a video (e.g. a BigBlueButton playback) into a room as a ready recording')
    .option('--name <name>', 'name shown in the list (default: the file name)')
    .option('--json', 'print JSON')
    .action(async (roomArg: string, file: string, opts: { name?: string; json?: boolean }) => {
      const { db, config } = await context();
      try {
        const room = await findRoom(db, roomIdOf(roomArg));
        if (!room) throw new CliError('room-not-found', roomArg);
        const { contentType, durationMs } = await probe(file);
        const { vault } = openVault(config, db);
        const now = new Date().toISOString();
        const name = opts.name ?? file.split('/').pop() ?? 'imported';
        const progress = cliProgress('Encrypting', 'bytes', undefined, { json: opts.json });
        const row = await importRecording(db, vault, { roomId: room.id, file, contentType, name, durationMs, startedAt: now, endedAt: now, startedBy: cliActor(), onProgress: progress.update }).finally(progress.finish);
        await audit(db, { actor: cliActor(), action: 'recording.import', target: row.id, origin: 'cli', details: { room: room.id } });
        const view = recordingView(row, room.name, false);
        print(Boolean(opts.json), view, () => `Imported as ${row.id} (${row.size} bytes, encrypted)`);
      } finally {
        await db.destroy();
      }
    });

  recording
    .command('purge')
    .description('Delete (crypto-shred) recordings older than their maximum age')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { db, config } = await context();
      try {
        const { vault } = openVault(config, db);
        const deleted = await purgeExpired(db, vault, config.recordings.maxAgeDays, cliActor());
        print(Boolean(opts.json), { deleted }, () => (deleted.length ? `Deleted ${deleted.join(', ')}` : 'Nothing has expired'));
      } finally {
        await db.destroy();
      }
    });
}
