import type { CollabAccess, CollabDocumentName, ParticipantView } from '@moot/protocol';

/**
 * Whether this person may change the document, to offer the tools or not; the server decides
 * again for every change (policy `meeting.draw` and `meeting.edit-notes`).
 */
export function mayWrite(doc: CollabDocumentName, access: CollabAccess, self: Pick<ParticipantView, 'role' | 'presenter'> | null): boolean {
  if (!self) return false;
  return access === 'everyone' || self.role === 'moderator' || (doc === 'board' && self.presenter === true);
}
