import { AccessCode, type GuestPolicy, type LobbyPolicy } from '@moot/protocol';
import type { GreenlightRoomOptions } from './model.ts';

export interface MootRoomSettings {
  guests: GuestPolicy;
  /** Absent with guests 'code': a new code is made, since the old one does not fit moot's codes. */
  accessCode?: string;
  lobby: LobbyPolicy;
  joinMutedAbove: number;
  recordingAllowed: boolean;
}

/** moot's own default for rooms that did not ask for muting. */
const DEFAULT_JOIN_MUTED_ABOVE = 10;

/**
 * A Greenlight room's switches in moot's terms, with a note for each that has no counterpart.
 * Anyone-can-start needs none: a moot meeting begins when the first person allowed in arrives.
 */
export function mapRoomOptions(o: GreenlightRoomOptions): { settings: MootRoomSettings; notes: string[] } {
  const notes: string[] = [];
  let guests: GuestPolicy = 'link';
  let accessCode: string | undefined;
  if (o.requireSignIn) {
    guests = 'off';
    if (o.viewerCode) notes.push('the viewer access code is dropped: the room is for signed-in members, who enter without a code');
  } else if (o.viewerCode) {
    guests = 'code';
    const parsed = AccessCode.safeParse(o.viewerCode);
    if (parsed.success) accessCode = parsed.data;
    else notes.push('the viewer access code is not 4 to 16 letters or digits: the room gets a new code');
  }
  if (o.allJoinAsModerator) notes.push('"all join as moderator" is not carried: only the owner and the named moderators moderate');
  if (o.moderatorCode) notes.push('the moderator access code is not carried: name the moderators instead');
  return {
    settings: {
      guests,
      ...(accessCode ? { accessCode } : {}),
      lobby: o.requireApproval ? 'everyone' : 'off',
      joinMutedAbove: o.muteOnStart ? 0 : DEFAULT_JOIN_MUTED_ABOVE,
      recordingAllowed: o.record ?? true,
    },
    notes,
  };
}
