import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReadyNotes } from '../../recordings/jobs.ts';
import type { RecordingRow } from '../../recordings/store.ts';
import type { Vault } from '../../recordings/vault.ts';
import { parseRange } from './range.ts';

/** Streams a ready recording's video, decrypting only the chunks a Range request touches. */
export async function sendMedia(vault: Vault, request: FastifyRequest, reply: FastifyReply, row: RecordingRow, download: boolean): Promise<FastifyReply> {
  const notes = await vault.readNotes<ReadyNotes>(row);
  const file = await vault.openMedia(row);
  const range = parseRange(request.headers.range, file.size);
  if (range === 'unsatisfiable') {
    await file.close();
    return reply.code(416).header('content-range', `bytes */${file.size}`).send();
  }
  const [start, end] = range ?? [0, file.size - 1];
  reply
    .code(range ? 206 : 200)
    .header('content-type', notes.contentType)
    .header('accept-ranges', 'bytes')
    .header('cache-control', 'private, no-store')
    .header('content-length', String(end - start + 1));
  if (range) reply.header('content-range', `bytes ${start}-${end}/${file.size}`);
  if (download) reply.header('content-disposition', `attachment; filename="recording-${row.id}.${notes.contentType === 'video/mp4' ? 'mp4' : 'webm'}"`);
  return reply.send(Readable.from(file.range(start, end)));
}
