import type { ErrorCode, ModerationAction } from '@moot/protocol';
import { decideModeration, roleAfterDemotion } from '../policy/meeting.ts';
import type { Meeting } from './meeting.ts';
import type { Meetings } from './meetings.ts';
import type { Participant } from './participant.ts';

/**
 * What moderators do to others in a meeting. The hub has checked that the actor moderates;
 * whether the action may touch this target is the policy's decision.
 */
export class Moderation {
  constructor(private meetings: Meetings) {}

  /** Returns an error code when the target is not there or protected. */
  async act(meeting: Meeting, by: Participant, action: ModerationAction, targetId: string): Promise<ErrorCode | undefined> {
    const target = meeting.roster.get(targetId);
    const live = this.meetings.liveOf(meeting);
    if (!target || !live) return 'not-found-participant';
    const decision = decideModeration(action, { targetIsOwner: target.userId !== undefined && target.userId === live.room.owner_id });
    if (!decision.ok) return decision.code;
    switch (action) {
      case 'mute':
        await this.mute(meeting, target, by, 'audio');
        return undefined;
      case 'stopVideo':
        await this.mute(meeting, target, by, 'video');
        return undefined;
      case 'askUnmute':
        target.send({ type: 'askUnmute', by: by.name });
        return undefined;
      case 'lowerHand':
        meeting.setHand(target, false);
        return undefined;
      case 'promote':
        meeting.setRole(target, 'moderator');
        this.meetings.sendLobby(live);
        return undefined;
      case 'demote':
        meeting.setRole(target, roleAfterDemotion(target.userId !== undefined));
        return undefined;
      case 'remove':
        live.removed.add(target.userId ?? target.guestKey);
        if (target.userId === undefined) live.guestRemoved = true;
        target.send({ type: 'meetingEnded', reason: 'removed', by: by.name });
        await this.meetings.leave(meeting, target);
        return undefined;
    }
  }

  async muteAll(meeting: Meeting, by: Participant): Promise<void> {
    for (const p of meeting.roster.all()) {
      if (p.id !== by.id && !p.audioMuted) await this.mute(meeting, p, by, 'audio');
    }
  }

  setLocked(meeting: Meeting, locked: boolean, by: Participant): void {
    meeting.locked = locked;
    meeting.broadcast({ type: 'locked', locked, by: by.name });
  }

  private async mute(meeting: Meeting, target: Participant, by: Participant, kind: 'audio' | 'video'): Promise<void> {
    await meeting.setMuted(target, kind, true);
    target.send({ type: 'mutedBy', by: by.name, kind });
  }
}
