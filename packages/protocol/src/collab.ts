import { z } from 'zod';
import {
  COLLAB_DOCUMENTS,
  MAX_COLLAB_PAGE_ID,
  MAX_COLLAB_STATE_VECTOR_BYTES,
  MAX_COLLAB_UPDATE_BYTES,
  type CollabAccess,
  type CollabDocumentName,
} from './collab-limits.ts';

export * from './collab-limits.ts';

/**
 * Shared documents (the whiteboard and the notes) are Yjs documents kept by the server for each
 * live meeting. Changes travel as Yjs updates (`Y.encodeStateAsUpdate` / `Y.applyUpdate`), base64
 * in JSON like every other signaling message, so each kind of message is one schema here.
 */

const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

export const CollabDocument = z.enum(COLLAB_DOCUMENTS);
export const CollabAccessSchema = z.enum(['everyone', 'moderators']);

/** Opens a document (and after a reconnection, catches up): the browser's state vector. */
export const CollabSyncMessage = z.strictObject({
  type: z.literal('collabSync'),
  doc: CollabDocument,
  stateVector: base64(MAX_COLLAB_STATE_VECTOR_BYTES),
});
/** A change made in this browser. */
export const CollabUpdateMessage = z.strictObject({
  type: z.literal('collabUpdate'),
  doc: CollabDocument,
  update: base64(MAX_COLLAB_UPDATE_BYTES).min(4),
});
/** Where this person's pointer is on the board (a slide page's layer or the blank board); null: gone. */
export const CollabCursorMessage = z.strictObject({
  type: z.literal('collabCursor'),
  doc: z.literal('board'),
  at: z
    .strictObject({
      page: z.string().min(1).max(MAX_COLLAB_PAGE_ID),
      x: z.number().finite().min(-10_000).max(10_000),
      y: z.number().finite().min(-10_000).max(10_000),
    })
    .nullable(),
});
/** Moderators only: who may change the document. */
export const CollabAccessMessage = z.strictObject({
  type: z.literal('collabAccess'),
  doc: CollabDocument,
  access: CollabAccessSchema,
});

export type CollabClientMessage = z.input<typeof CollabSyncMessage | typeof CollabUpdateMessage | typeof CollabCursorMessage | typeof CollabAccessMessage>;

export type CollabServerMessage =
  /**
   * The answer to `collabSync`: what the browser lacks, the server's state vector (the browser
   * sends back what the server lacks), and who may write.
   */
  | { type: 'collabState'; doc: CollabDocumentName; update: string; stateVector: string; access: CollabAccess }
  /** Someone else's change. */
  | { type: 'collabUpdate'; doc: CollabDocumentName; update: string }
  | { type: 'collabCursor'; doc: 'board'; from: { id: string; name: string }; at: { page: string; x: number; y: number } | null }
  /** A moderator changed who may write. */
  | { type: 'collabAccess'; doc: CollabDocumentName; access: CollabAccess; by: string };

/** The room's notes after its meetings, for the owner and moderators (`GET /api/rooms/:id/notes`). */
export interface RoomNotesView {
  roomId: string;
  roomName: string;
  text: string;
  /** When the notes last changed (ISO 8601); null when no meeting wrote any. */
  updatedAt: string | null;
}
