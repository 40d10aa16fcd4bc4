import type { LivestreamDestinationInput, LivestreamDestinationView } from '@moot/protocol';
import type { z } from 'zod';
import type { Db } from '../store/db.ts';
import { randomId } from '../ids.ts';
import type { StreamKeys } from './keys.ts';

/** A destination as the encoder needs it: the server's address and the stream key. */
export interface Destination {
  id: string;
  name: string;
  /** The RTMP(S) server address as its owner typed it, without the key. */
  url: string;
  /** A secret, never logged nor put on a command line. */
  streamKey: string;
}

/** The room's destinations as its owner and moderators see them: never the key. */
export async function destinationViews(db: Db, roomId: string): Promise<LivestreamDestinationView[]> {
  const rows = await db.selectFrom('livestream_destinations').select(['id', 'name', 'url']).where('room_id', '=', roomId).orderBy('position').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, url: r.url }));
}

export async function roomDestinations(db: Db, keys: StreamKeys, roomId: string): Promise<Destination[]> {
  const rows = await db.selectFrom('livestream_destinations').selectAll().where('room_id', '=', roomId).orderBy('position').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, url: r.url, streamKey: keys.open(r.sealed_key, r.id) }));
}

export class UnknownDestinationError extends Error {}

/**
 * Replaces the room's destinations with `list`, in its order. An entry naming a saved destination
 * without a new key keeps that destination's stored key.
 */
export async function replaceDestinations(db: Db, keys: StreamKeys, roomId: string, list: z.output<typeof LivestreamDestinationInput>[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const saved = new Map((await trx.selectFrom('livestream_destinations').select(['id', 'sealed_key']).where('room_id', '=', roomId).execute()).map((r) => [r.id, r.sealed_key]));
    const now = new Date().toISOString();
    const rows = list.map((d, position) => {
      if (d.id !== undefined && !saved.has(d.id)) throw new UnknownDestinationError(d.id);
      const id = d.id ?? randomId();
      const sealed = d.streamKey !== undefined ? keys.seal(d.streamKey, id) : saved.get(id)!;
      return { id, room_id: roomId, position, name: d.name, url: d.url, sealed_key: sealed, created_at: now };
    });
    await trx.deleteFrom('livestream_destinations').where('room_id', '=', roomId).execute();
    if (rows.length) await trx.insertInto('livestream_destinations').values(rows).execute();
  });
}
