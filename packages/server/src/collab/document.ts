import * as Y from 'yjs';
import { MAX_COLLAB_DOCUMENT_BYTES, NOTES_TEXT, type CollabDocumentName } from '@moot/protocol';

export type Applied = { ok: true } | { ok: false; reason: 'full' | 'malformed' };

/**
 * One shared document of a room, in memory while its meetings run. Its size is counted from
 * the updates applied (an upper bound: Yjs keeps deleted content as small tombstones) and
 * measured exactly again at each save, so a full document is refused without encoding it anew
 * on every change.
 */
export class LiveDocument {
  readonly doc = new Y.Doc({ gc: true });
  private bytes: number;
  /** Changed since the last save. */
  dirty = false;

  constructor(
    readonly name: CollabDocumentName,
    state?: Uint8Array,
  ) {
    if (state) Y.applyUpdate(this.doc, state);
    this.bytes = state?.byteLength ?? 0;
  }

  apply(update: Uint8Array): Applied {
    if (this.bytes + update.byteLength > MAX_COLLAB_DOCUMENT_BYTES) return { ok: false, reason: 'full' };
    try {
      Y.applyUpdate(this.doc, update, 'remote');
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    this.bytes += update.byteLength;
    this.dirty = true;
    return { ok: true };
  }

  /** What a browser with this state vector lacks. */
  diff(stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  /** The whole state to store; re-measures the size. */
  snapshot(): { state: Uint8Array; text: string | null } {
    const state = Y.encodeStateAsUpdate(this.doc);
    this.bytes = state.byteLength;
    this.dirty = false;
    return { state, text: this.name === 'notes' ? this.text() : null };
  }

  /** The notes' words as they are now. */
  text(): string {
    return this.doc.getText(NOTES_TEXT).toString();
  }
}
