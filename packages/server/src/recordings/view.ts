import type { RecordingView } from '@moot/protocol';
import type { RecordingRow } from './store.ts';

export function recordingView(row: RecordingRow, roomName: string, manage: boolean, shareLinks = manage, retry = false): RecordingView {
  return {
    id: row.id,
    room: { id: row.room_id, name: roomName },
    name: row.name,
    state: row.state,
    progress: row.progress,
    error: row.error,
    size: Number(row.size),
    durationMs: row.duration_ms,
    startedAt: row.started_at,
    manage,
    shareLinks,
    retry,
  };
}
