import type { ErrorCode, ParsedClientMessage } from '@moot/protocol';
import type { Meeting, MeetingStage } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { decideSending, decideStageAction, decideStagePlace, forwardsCamera, type StageMessageType } from '../policy/stage.ts';
import { StageEvent, type PlaceChange } from './stage-event.ts';

export type StageMessage = Extract<ParsedClientMessage, { type: StageMessageType }>;

/**
 * A meeting's running stage event: its state, and what its places mean for media. Browsers in
 * the audience watch the meeting's program instead of holding a seat in the mix (audience/).
 */
class LiveStage implements MeetingStage {
  /** Whom the event put in the program's audience: they take a seat again when it ends. */
  private sentToAudience = new Set<string>();

  constructor(
    private meeting: Meeting,
    readonly event: StageEvent,
  ) {}

  refuses(participant: Participant, sending: 'audio' | 'video' | 'screen'): ErrorCode | undefined {
    const decision = decideSending(this.event.placeOf(participant.id), sending);
    return decision.ok ? undefined : decision.code;
  }

  showsCamera(participant: Participant): boolean {
    return forwardsCamera(this.event.placeOf(participant.id));
  }

  /** Newcomers are in the audience: muted before anyone sees them, and watching the program where they can. */
  entering(participant: Participant): void {
    if (this.refuses(participant, 'audio')) participant.audioMuted = true;
    if (this.refuses(participant, 'video')) participant.videoMuted = true;
    if (this.watchesProgram(participant) && !participant.audience) {
      // Not seated yet: they enter as audience, like the people of a room that seats nobody.
      this.sentToAudience.add(participant.id);
      participant.audience = true;
    }
  }

  left(participant: Participant): void {
    this.sentToAudience.delete(participant.id);
    // Someone in the audience leaving changes nothing the others see: no message to hundreds.
    if (this.event.left(participant.id)) this.broadcast();
  }

  /** Browsers in the audience watch the program; phone callers keep their (muted) seat. */
  private watchesProgram(participant: Participant): boolean {
    return participant.kind === 'browser' && this.event.placeOf(participant.id) === 'audience';
  }

  /** The event ends: those it sent to the program take a seat again (muted: speaking stays their choice). */
  async release(): Promise<void> {
    for (const id of this.sentToAudience) {
      const participant = this.meeting.roster.get(id);
      if (participant?.audience) await this.meeting.setAudience(participant, false);
    }
    this.sentToAudience.clear();
  }

  /** Makes a member's media match their place: held muted off stage, no screen share, camera forwarded on stage only. */
  async settle(participant: Participant): Promise<void> {
    if (this.watchesProgram(participant) && !participant.audience) {
      this.sentToAudience.add(participant.id);
      // Leaving the mix releases the seat and the cameras: nothing else to hold.
      return this.meeting.setAudience(participant, true);
    }
    if (this.event.placeOf(participant.id) !== 'audience' && participant.audience) {
      this.sentToAudience.delete(participant.id);
      await this.meeting.setAudience(participant, false);
    }
    const media = this.meeting.mediaOf(participant);
    if (!participant.audioMuted && this.refuses(participant, 'audio')) await this.meeting.setMuted(participant, 'audio', true);
    if (!participant.videoMuted && this.refuses(participant, 'video')) await this.meeting.setMuted(participant, 'video', true);
    if (participant.screenSharing && this.refuses(participant, 'screen')) await media.unpublish(participant, 'screen');
    // Someone brought on stage to ask a question has been answered.
    if (this.event.placeOf(participant.id) === 'stage') this.meeting.setHand(participant, false);
    await media.refreshCamera(participant);
  }

  async apply(changes: PlaceChange[]): Promise<void> {
    for (const change of changes) {
      const participant = this.meeting.roster.get(change.participantId);
      if (participant) await this.settle(participant);
    }
  }

  broadcast(): void {
    this.meeting.broadcast({ type: 'stage', stage: this.event.view() });
  }
}

function liveStage(meeting: Meeting): LiveStage | undefined {
  return meeting.stage instanceof LiveStage ? meeting.stage : undefined;
}

/** The stage event as a member sees it on entry (nothing when there is none). */
export function showStage(meeting: Meeting, participant: Participant): void {
  const live = liveStage(meeting);
  if (live) participant.send({ type: 'stage', stage: live.event.view() });
}

/** A stage message from a member, after the policy's decision; returns the refusal, if any. */
export async function handleStage(meeting: Meeting, actor: Participant, msg: StageMessage): Promise<ErrorCode | undefined> {
  const live = liveStage(meeting);
  const decision = decideStageAction(msg.type, {
    moderator: actor.role === 'moderator',
    currentSpeaker: live?.event.isCurrentSpeaker(actor.id) ?? false,
    active: live !== undefined,
  });
  if (!decision.ok) return decision.code;
  if (msg.type === 'stageMode') return setMode(meeting, msg.active, msg.defaultMinutes);
  const changes = change(meeting, live!.event, msg);
  if (typeof changes === 'string') return changes;
  await live!.apply(changes);
  live!.broadcast();
  return undefined;
}

function change(meeting: Meeting, event: StageEvent, msg: Exclude<StageMessage, { type: 'stageMode' }>): ErrorCode | PlaceChange[] {
  switch (msg.type) {
    case 'stageMove':
    case 'stageQueueAdd': {
      const target = meeting.roster.get(msg.participantId);
      if (!target) return 'not-found-participant';
      const place = decideStagePlace(target.kind, msg.type === 'stageMove' ? msg.place : 'stage');
      if (!place.ok) return place.code;
      return msg.type === 'stageMove' ? event.move(target.id, msg.place) : event.add(target.id, target.name, msg.title, msg.minutes && msg.minutes * 60);
    }
    case 'stageQueueMove':
      return event.reorder(msg.talkId, msg.index);
    case 'stageQueueRemove':
      return event.remove(msg.talkId);
    case 'stagePassMic':
      return event.passMic();
  }
}

/**
 * On: the moderators take the stage and everyone else goes to the audience. Off: nobody is held
 * any more (nobody is unmuted either: that stays each person's choice). On again: a new default length.
 */
async function setMode(meeting: Meeting, active: boolean, defaultMinutes: number): Promise<undefined> {
  const running = liveStage(meeting);
  if (active && running) {
    running.event.defaultSeconds = defaultMinutes * 60;
    running.broadcast();
    return undefined;
  }
  if (!active) {
    if (!running) return undefined;
    meeting.stage = undefined;
    await running.release();
    for (const p of meeting.roster.all()) await meeting.mediaOf(p).refreshCamera(p);
    meeting.broadcast({ type: 'stage', stage: null });
    return undefined;
  }
  const event = new StageEvent(defaultMinutes * 60);
  const live = new LiveStage(meeting, event);
  for (const p of meeting.roster.moderators()) if (decideStagePlace(p.kind, 'stage').ok) event.move(p.id, 'stage');
  meeting.stage = live;
  for (const p of meeting.roster.all()) await live.settle(p);
  live.broadcast();
  return undefined;
}
