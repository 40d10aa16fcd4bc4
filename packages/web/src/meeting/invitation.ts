import type { DialInView } from '@moot/protocol';
import { routes } from '@moot/protocol/plain';
import { t } from '../i18n/index.ts';

/**
 * The invitation to this room as one text: its name, its link, the access code when this
 * person entered one (the room entry does not tell anyone else the code), and how to dial in
 * when the room's moderators may pass that on.
 */
export function invitation(roomId: string, roomName: string, origin: string, accessCode: string | undefined, dialIn?: DialInView): string {
  const link = `${origin}${routes.roomPage(roomId)}`;
  const lines = [accessCode ? t('invitation.withCode', { room: roomName, link, code: accessCode }) : t('invitation.text', { room: roomName, link })];
  if (dialIn?.number) lines.push(t('invitation.dialInNumber', { number: dialIn.number, pin: dialIn.pin }));
  if (dialIn) lines.push(t('invitation.dialInSip', { uri: dialIn.sipUri, pin: dialIn.pin }));
  return lines.join('\n');
}
