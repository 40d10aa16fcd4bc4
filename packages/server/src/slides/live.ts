import type { ErrorCode, ParsedClientMessage, SlidesView } from '@moot/protocol';
import { randomSecret } from '../ids.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { can, type Principal } from '../policy/policy.ts';
import { TokenBucket } from '../signaling/rate.ts';
import type { Db } from '../store/db.ts';
import type { SlideFiles } from './files.ts';
import { deckView, findDeck } from './store.ts';

export type SlidesMessage = Extract<ParsedClientMessage, { type: 'slidesShow' | 'slidesPage' | 'setPresenter' }>;
export type Refusal = { code: ErrorCode; details?: string[] };

/** A presenter turns pages by hand or holds an arrow key; a script turning them for everyone is stopped. */
const MOVES_PER_SECOND = 4;
const MOVE_BURST = 20;

interface Holder {
  meeting: Meeting;
  participant: Participant;
}

/** Whether this person may show slides in their meeting. */
export function mayPresent(principal: Principal, participant: Participant): boolean {
  return can(principal, 'meeting.present', { meetingRole: participant.role, presenter: participant.presenter });
}

/**
 * What each live meeting shows, who may show it, and the keys that let its people fetch the
 * files: a key stands for one person in one meeting and stops working when they leave it.
 */
export class Slides {
  private shown = new WeakMap<Meeting, SlidesView>();
  private holders = new Map<string, Holder>();
  private keys = new WeakMap<Participant, string>();
  private moves = new WeakMap<Participant, TokenBucket>();

  constructor(
    private readonly db: Db,
    private readonly files: SlideFiles,
  ) {}

  /** Someone entered (or came back): their key, then what is shown now. */
  entered(meeting: Meeting, participant: Participant): void {
    let key = this.keys.get(participant);
    if (!key) {
      this.forgetGone();
      key = randomSecret();
      this.keys.set(participant, key);
      this.holders.set(key, { meeting, participant });
    }
    participant.send({ type: 'slidesAccess', key });
    participant.send({ type: 'slides', current: this.shown.get(meeting) ?? null });
  }

  /** The person a key stands for, while they are still in that room's meeting. */
  holder(key: string | undefined, roomId: string): Holder | undefined {
    const found = key ? this.holders.get(key) : undefined;
    if (!found) return undefined;
    if (!present(found)) {
      this.holders.delete(key!);
      return undefined;
    }
    return found.meeting.options.roomId === roomId ? found : undefined;
  }

  current(meeting: Meeting): SlidesView | undefined {
    return this.shown.get(meeting);
  }

  async handle(meeting: Meeting, participant: Participant, principal: Principal, msg: SlidesMessage): Promise<Refusal | undefined> {
    if (msg.type === 'setPresenter') return this.setPresenter(meeting, msg.target, msg.presenter);
    if (!mayPresent(principal, participant)) return { code: 'forbidden' };
    if (!this.bucket(participant).take()) return { code: 'slides-too-fast' };
    if (msg.type === 'slidesShow') {
      if (msg.deckId === null) return this.show(meeting, undefined);
      const row = await findDeck(this.db, meeting.options.roomId, msg.deckId);
      if (!row) return { code: 'not-found', details: ['no such presentation in this room'] };
      return this.show(meeting, { deck: deckView(row), page: 1, zoom: 1, by: participant.name });
    }
    const now = this.shown.get(meeting);
    if (!now) return { code: 'bad-request', details: ['no presentation is shown'] };
    if (msg.page > now.deck.pages) return { code: 'bad-request', details: [`page: the presentation has ${now.deck.pages} pages`] };
    return this.show(meeting, { ...now, page: msg.page, zoom: msg.zoom, by: participant.name });
  }

  /** A presentation was deleted: a meeting showing it stops. */
  deckDeleted(meeting: Meeting | undefined, deckId: string): void {
    if (meeting && this.shown.get(meeting)?.deck.id === deckId) this.show(meeting, undefined);
  }

  private show(meeting: Meeting, view: SlidesView | undefined): undefined {
    if (view) this.shown.set(meeting, view);
    else this.shown.delete(meeting);
    meeting.showSlide(view && { deckId: view.deck.id, page: view.page, pdf: this.files.path(meeting.options.roomId, view.deck.id) });
    meeting.broadcast({ type: 'slides', current: view ?? null });
    return undefined;
  }

  private setPresenter(meeting: Meeting, targetId: string, presenter: boolean): Refusal | undefined {
    const target = meeting.roster.get(targetId);
    if (!target) return { code: 'not-found-participant' };
    if (target.kind !== 'browser') return { code: 'bad-request', details: ['a phone caller cannot show slides'] };
    if (target.presenter === presenter) return undefined;
    target.presenter = presenter;
    meeting.roster.changed(target);
    return undefined;
  }

  private bucket(participant: Participant): TokenBucket {
    let bucket = this.moves.get(participant);
    if (!bucket) this.moves.set(participant, (bucket = new TokenBucket(MOVES_PER_SECOND, MOVE_BURST)));
    return bucket;
  }

  /** Keys of people who left stop working at once (`holder`); here they are also let go of. */
  private forgetGone(): void {
    for (const [key, found] of this.holders) if (!present(found)) this.holders.delete(key);
  }
}

function present({ meeting, participant }: Holder): boolean {
  return !meeting.ended && meeting.roster.get(participant.id) === participant;
}
