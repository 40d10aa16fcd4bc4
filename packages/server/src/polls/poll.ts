import type { PollKind, PollResults, PollView } from '@moot/protocol';
import { randomId } from '../ids.ts';

export interface PollQuestion {
  question: string;
  kind: PollKind;
  options: string[];
  anonymous: boolean;
}

/** What a yes/no poll offers, whatever options came with it. */
export const YES_NO = ['Yes', 'No'];

/**
 * One poll of a meeting: who answered what (kept by participant id so an answer can change until
 * the poll closes), the counts, and what each person may see of it.
 */
export class Poll {
  readonly id = randomId();
  readonly question: string;
  readonly kind: PollKind;
  readonly options: string[];
  readonly anonymous: boolean;
  closed = false;
  published = false;
  /** Participant id → their choices, and their name for named polls. */
  private answers = new Map<string, { choices: number[]; name: string }>();

  constructor(
    question: PollQuestion,
    readonly by: string,
  ) {
    this.question = question.question;
    this.kind = question.kind;
    this.options = question.kind === 'yesno' ? YES_NO : question.options;
    this.anonymous = question.anonymous;
  }

  /** False when the choices do not fit the question (out of range, several for a single choice, repeated). */
  answer(participantId: string, name: string, choices: number[]): boolean {
    const unique = new Set(choices);
    if (unique.size !== choices.length || choices.some((c) => c >= this.options.length)) return false;
    if (this.kind !== 'multiple' && choices.length !== 1) return false;
    this.answers.set(participantId, { choices: [...choices].sort((a, b) => a - b), name });
    return true;
  }

  /** A person who left keeps their answer, as on paper. */
  results(): PollResults {
    const counts = this.options.map(() => 0);
    const names: string[][] = this.options.map(() => []);
    for (const { choices, name } of this.answers.values()) {
      for (const c of choices) {
        counts[c] = (counts[c] ?? 0) + 1;
        names[c]?.push(name);
      }
    }
    return { counts, voters: this.answers.size, ...(this.anonymous ? {} : { names }) };
  }

  /** What one person sees: moderators the answers as they come, everyone the result once published. */
  viewFor(participantId: string, moderator: boolean): PollView {
    return {
      id: this.id,
      question: this.question,
      kind: this.kind,
      options: this.options,
      anonymous: this.anonymous,
      by: this.by,
      closed: this.closed,
      published: this.published,
      mine: this.answers.get(participantId)?.choices ?? [],
      ...(moderator || this.published ? { results: this.results() } : {}),
    };
  }
}
