import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * What a backup archive holds, by name inside the tar:
 *   manifest.json                    this manifest
 *   moot.sqlite                      a consistent snapshot of the database
 *   moot.json                        the configuration file, when the data folder has one
 *   recordings/<id>.media            each recording's video and notes, still encrypted
 *   recordings/<id>.notes
 *   slides/<room id>/<deck id>.pdf   each presentation kept with a room
 * The recordings key is never in it: it lives outside the data folder on purpose.
 */
export const MANIFEST = 'manifest.json';
export const DATABASE = 'moot.sqlite';
export const CONFIG_FILE = 'moot.json';
export const RECORDINGS = 'recordings';
export const SLIDES = 'slides';

const RECORDING_FILE = /^recordings\/[A-Za-z0-9_-]{1,64}\.(media|notes)$/;
const SLIDES_FILE = /^slides\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}\.pdf$/;
const SLIDES_ROOM = /^slides\/[A-Za-z0-9_-]{1,64}\/$/;

/** Where a presentation's PDF is in the archive, as under the data folder. */
export function slidesEntry(roomId: string, deckId: string): string {
  return `${SLIDES}/${roomId}/${deckId}.pdf`;
}

/** True for a name a moot backup may hold; anything else in an archive is refused. */
export function isBackupEntry(name: string): boolean {
  return [MANIFEST, DATABASE, CONFIG_FILE, `${RECORDINGS}/`, `${SLIDES}/`].includes(name) || [RECORDING_FILE, SLIDES_FILE, SLIDES_ROOM].some((re) => re.test(name));
}

export const Manifest = z.object({
  format: z.literal('moot-backup'),
  version: z.literal(1),
  mootVersion: z.string(),
  /** The name of the last database migration applied: a moot that does not know it is older than the backup. */
  migration: z.string(),
  createdAt: z.iso.datetime(),
  recordings: z.number().int().nonnegative(),
  /** Presentations' PDFs; a backup from before they were kept has none. */
  slides: z.number().int().nonnegative().default(0),
});
export type Manifest = z.infer<typeof Manifest>;

export function mootVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
