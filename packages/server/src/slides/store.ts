import type { DeckView } from '@moot/protocol';
import type { Db } from '../store/db.ts';

/** The table of migration 0010_slide_decks. */
export interface SlideDecksTable {
  /** 128 random bits, base64url: it appears in URLs and names the file. */
  id: string;
  room_id: string;
  name: string;
  pages: number;
  size: number;
  /** The uploader's name in the meeting. */
  uploaded_by: string;
  created_at: string;
}

type SlideTables = { slide_decks: SlideDecksTable };

const decks = (db: Db) => db.withTables<SlideTables>();

export function deckView(row: SlideDecksTable): DeckView {
  return { id: row.id, name: row.name, pages: row.pages, size: row.size, createdAt: row.created_at };
}

export function listDecks(db: Db, roomId: string): Promise<SlideDecksTable[]> {
  return decks(db).selectFrom('slide_decks').selectAll().where('room_id', '=', roomId).orderBy('created_at').orderBy('id').execute();
}

export function findDeck(db: Db, roomId: string, id: string): Promise<SlideDecksTable | undefined> {
  return decks(db).selectFrom('slide_decks').selectAll().where('room_id', '=', roomId).where('id', '=', id).executeTakeFirst();
}

export async function countDecks(db: Db, roomId: string): Promise<number> {
  const row = await decks(db).selectFrom('slide_decks').select((eb) => eb.fn.countAll<string | number>().as('n')).where('room_id', '=', roomId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertDeck(db: Db, row: SlideDecksTable): Promise<void> {
  await decks(db).insertInto('slide_decks').values(row).execute();
}

export async function deleteDeck(db: Db, roomId: string, id: string): Promise<void> {
  await decks(db).deleteFrom('slide_decks').where('room_id', '=', roomId).where('id', '=', id).execute();
}
