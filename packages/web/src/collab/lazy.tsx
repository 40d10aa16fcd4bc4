import { lazyComponent } from '../ui/lazy.tsx';

/** The whiteboard and the notes, with Yjs, load the first time someone opens them. */
export const LazyWhiteboard = lazyComponent(() => import('../whiteboard/whiteboard.tsx').then((m) => m.Whiteboard));
export const LazyNotes = lazyComponent(() => import('../notes/notes.tsx').then((m) => m.Notes));
