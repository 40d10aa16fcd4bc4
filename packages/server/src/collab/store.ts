import type { CollabDocumentName } from '@moot/protocol';
import type { Db } from '../store/db.ts';

export interface StoredDocument {
  /** `Y.encodeStateAsUpdate` of the document. */
  state: Uint8Array;
  updatedAt: string;
}

export async function loadDocument(db: Db, roomId: string, name: CollabDocumentName): Promise<StoredDocument | undefined> {
  const row = await db.selectFrom('room_documents').select(['state', 'updated_at']).where('room_id', '=', roomId).where('name', '=', name).executeTakeFirst();
  return row && { state: Buffer.from(row.state, 'base64'), updatedAt: row.updated_at };
}

/** Replaces the room's document; `text` is the plain text kept beside the notes. */
export async function saveDocument(db: Db, roomId: string, name: CollabDocumentName, state: Uint8Array, text: string | null): Promise<void> {
  const values = { state: Buffer.from(state).toString('base64'), text, updated_at: new Date().toISOString() };
  await db
    .insertInto('room_documents')
    .values({ room_id: roomId, name, ...values })
    .onConflict((oc) => oc.columns(['room_id', 'name']).doUpdateSet(values))
    .execute();
}

export async function loadNotesText(db: Db, roomId: string): Promise<{ text: string; updatedAt: string } | undefined> {
  const row = await db.selectFrom('room_documents').select(['text', 'updated_at']).where('room_id', '=', roomId).where('name', '=', 'notes').executeTakeFirst();
  return row && { text: row.text ?? '', updatedAt: row.updated_at };
}
