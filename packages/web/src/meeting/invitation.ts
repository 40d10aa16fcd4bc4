import { routes } from '@moot/protocol/plain';

/**
 * The invitation to this room as one text: its name, its link and the access code when this
 * person entered one (the room entry does not tell anyone else the code).
 */
export function invitation(roomId: string, roomName: string, origin: string, accessCode: string | undefined): string {
  const lines = [`Join “${roomName}” on moot:`, `${origin}${routes.roomPage(roomId)}`];
  if (accessCode) lines.push(`Access code: ${accessCode}`);
  return lines.join('\n');
}
