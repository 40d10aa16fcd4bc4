/** The shared documents' names, sizes and paths without zod, for the browser bundle. */

/** Each live meeting has one shared document per name: the whiteboard and the notes. */
export const COLLAB_DOCUMENTS = ['board', 'notes'] as const;
export type CollabDocumentName = (typeof COLLAB_DOCUMENTS)[number];

/** Who may change a document: everyone in the meeting, or moderators (and, on the board, presenters) only. */
export type CollabAccess = 'everyone' | 'moderators';

/** Largest change one message carries, in bytes before base64: a batch of stroke points, a paste. */
export const MAX_COLLAB_UPDATE_BYTES = 32 * 1024;
/** Largest a document may grow on the server; changes beyond it are refused. */
export const MAX_COLLAB_DOCUMENT_BYTES = 2 * 1024 * 1024;
/** A state vector names one clock per writer: a few bytes each. */
export const MAX_COLLAB_STATE_VECTOR_BYTES = 8 * 1024;
/** Longest slide page id a board layer is keyed by. */
export const MAX_COLLAB_PAGE_ID = 64;
/** The notes document's one shared type: its text (Markdown, as people write it). */
export const NOTES_TEXT = 'text';
/** Most text one change to the notes may add (a paste): larger ones would not fit a message. */
export const MAX_NOTES_INSERT = 16 * 1024;
/** The blank board's layer (slide pages use their own ids). */
export const BLANK_BOARD_PAGE = 'blank';

export const collabRoutes = {
  /** The room's shared notes as the last meeting left them: owner and moderators only. */
  roomNotes: (roomId: string) => `/api/rooms/${roomId}/notes`,
} as const;
