import type * as Y from 'yjs';
import { MAX_NOTES_INSERT } from '@moot/protocol/plain';
import { REMOTE } from '../collab/channel.ts';

/** One edit between two versions of a text: at `index`, `removed` characters gave way to `inserted`. */
export interface Edit {
  index: number;
  removed: number;
  inserted: string;
}

/** The one edit that turns `before` into `after` (a textarea's input is always one). */
export function editBetween(before: string, after: string): Edit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start++;
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { index: start, removed: before.length - start - end, inserted: after.slice(start, after.length - end) };
}

type Delta = { insert?: unknown; delete?: number; retain?: number }[];

/** Where a caret at `index` goes when someone else's change (`delta`) lands before or around it. */
export function moveThrough(index: number, delta: Delta): number {
  let at = 0;
  let shift = 0;
  for (const op of delta) {
    if (op.retain !== undefined) at += op.retain;
    else if (op.delete !== undefined) {
      if (at < index) shift -= Math.min(op.delete, index - at);
      at += op.delete;
    } else if (op.insert !== undefined && at < index) shift += typeof op.insert === 'string' ? op.insert.length : 1;
  }
  return index + shift;
}

/**
 * Keeps a textarea and the shared text the same: what is typed becomes one change of the
 * text, the others' changes replace the textarea's value with the caret kept in place.
 */
export function bindTextarea(text: Y.Text, area: HTMLTextAreaElement, refused: () => void): () => void {
  area.value = text.toString();
  const onInput = () => {
    const before = text.toString();
    const edit = editBetween(before, area.value);
    if (edit.inserted.length > MAX_NOTES_INSERT || area.readOnly) {
      area.value = before;
      refused();
      return;
    }
    text.doc?.transact(() => {
      if (edit.removed) text.delete(edit.index, edit.removed);
      if (edit.inserted) text.insert(edit.index, edit.inserted);
    });
  };
  const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin !== REMOTE) return;
    const { selectionStart, selectionEnd } = area;
    const delta = event.delta as Delta;
    area.value = text.toString();
    area.setSelectionRange(moveThrough(selectionStart, delta), moveThrough(selectionEnd, delta));
  };
  area.addEventListener('input', onInput);
  text.observe(onChange);
  return () => {
    area.removeEventListener('input', onInput);
    text.unobserve(onChange);
  };
}
