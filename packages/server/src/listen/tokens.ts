import { LISTEN_TOKEN_SECONDS } from '@moot/protocol';
import { randomSecret } from '../ids.ts';

interface Grant {
  roomId: string;
  participantId: string;
  expires: number;
}

export type Taken = { ok: true; participantId: string } | { ok: false; code: 'listen-token-invalid' | 'not-found' };

/**
 * The stream addresses' tokens: one listener's, for one room, good for one request within a
 * minute. Each person holds at most one unused token; a new one replaces it.
 */
export class ListenTokens {
  private byToken = new Map<string, Grant>();
  private byParticipant = new Map<string, string>();

  constructor(private now: () => number = Date.now) {}

  issue(roomId: string, participantId: string): { token: string; expiresAt: string } {
    this.forget(participantId);
    const token = randomSecret();
    const expires = this.now() + LISTEN_TOKEN_SECONDS * 1000;
    this.byToken.set(token, { roomId, participantId, expires });
    this.byParticipant.set(participantId, token);
    return { token, expiresAt: new Date(expires).toISOString() };
  }

  /** Uses up the token; another room's token is not found here (and stays unused). */
  take(roomId: string, token: string): Taken {
    const grant = this.byToken.get(token);
    if (!grant || grant.expires < this.now()) {
      if (grant) this.forget(grant.participantId);
      return { ok: false, code: 'listen-token-invalid' };
    }
    if (grant.roomId !== roomId) return { ok: false, code: 'not-found' };
    this.forget(grant.participantId);
    return { ok: true, participantId: grant.participantId };
  }

  /** The person left: their unused token is worth nothing from now on. */
  forget(participantId: string): void {
    const token = this.byParticipant.get(participantId);
    if (token === undefined) return;
    this.byToken.delete(token);
    this.byParticipant.delete(participantId);
  }
}
