import { routes } from '@moot/protocol/plain';
import { t } from '../i18n/index.ts';

/**
 * The invitation to this room as one text: its name, its link and the access code when this
 * person entered one (the room entry does not tell anyone else the code).
 */
export function invitation(roomId: string, roomName: string, origin: string, accessCode: string | undefined): string {
  const link = `${origin}${routes.roomPage(roomId)}`;
  return accessCode ? t('invitation.withCode', { room: roomName, link, code: accessCode }) : t('invitation.text', { room: roomName, link });
}
