import { useEffect, useState } from 'preact/hooks';
import type { ServerMessage } from '@moot/protocol';
import type { CollabHost } from '../collab/channel.ts';

/** Another person's pointer disappears after this long without moving. */
const CURSOR_IDLE_MS = 5000;

export interface Cursor {
  name: string;
  page: string;
  x: number;
  y: number;
  seen: number;
}

/** The others' pointers on the board, by person, as the server relays them. */
export function useCursors(host: CollabHost): Map<string, Cursor> {
  const [cursors, setCursors] = useState<Map<string, Cursor>>(new Map());
  useEffect(() => {
    const unlisten = host.listen((message: ServerMessage) => {
      if (message.type !== 'collabCursor') return;
      setCursors((current) => {
        const next = new Map(current);
        if (message.at) next.set(message.from.id, { name: message.from.name, ...message.at, seen: Date.now() });
        else next.delete(message.from.id);
        return next;
      });
    });
    const sweep = setInterval(() => {
      setCursors((current) => {
        const fresh = [...current].filter(([, cursor]) => Date.now() - cursor.seen < CURSOR_IDLE_MS);
        return fresh.length === current.size ? current : new Map(fresh);
      });
    }, 1000);
    return () => {
      unlisten();
      clearInterval(sweep);
    };
  }, [host]);
  return cursors;
}
