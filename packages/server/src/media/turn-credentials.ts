import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IceServerView } from '@moot/protocol';

/**
 * Short-lived TURN credentials in the "TURN REST API" form coturn checks with `use-auth-secret`:
 * the username is `<expiry in Unix seconds>:<participant id>` and the password is
 * base64(HMAC-SHA1(shared secret, username)). coturn needs no call from moot: it recomputes the
 * HMAC and refuses the username once its expiry has passed, so a leaked credential dies on its own.
 */
export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

export interface TurnRelayOptions {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

/**
 * Credentials are renewed when four fifths of their lifetime has passed: early enough that a page
 * whose message is late still has them before the old ones expire.
 */
const RENEW_AT = 0.8;

export class TurnRelay {
  private renewals = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: TurnRelayOptions) {}

  /** The relay with a username of this participant's own, valid for the configured time from `now`. */
  serverFor(participantId: string, now = Date.now()): IceServerView {
    const expiry = Math.floor(now / 1000) + this.options.ttlSeconds;
    const username = `${expiry}:${participantId}`;
    return { urls: this.options.urls, username, credential: turnCredential(this.options.secret, username) };
  }

  /**
   * Calls `renew` before the credentials just handed out to this participant expire, so that ICE
   * restarts and new connections (a screen share late in a long meeting) still reach the relay.
   * Credentials handed out again (a resume, a renewal) start the count again.
   */
  renewBeforeExpiry(participantId: string, renew: () => void): void {
    clearTimeout(this.renewals.get(participantId));
    const timer = setTimeout(() => {
      this.renewals.delete(participantId);
      renew();
    }, this.options.ttlSeconds * 1000 * RENEW_AT);
    // Someone who has left is let go when it fires; it never holds the server up on its way out.
    timer.unref();
    this.renewals.set(participantId, timer);
  }
}

/**
 * Whether browsers get a TURN relay at all: moot's own (`turn.urls`) or a TURN server among the
 * configured ICE servers. Without one, "Use relay only" could connect nothing, so it is not offered.
 */
export function offersRelay(config: { ice: { servers: { urls: string[] }[] }; turn: { urls: string[] } }): boolean {
  return config.turn.urls.length > 0 || config.ice.servers.some((server) => server.urls.some((url) => /^turns?:/i.test(url)));
}

/** The relay configured by `turn.urls` and `turn.secretFile`, or none when the URLs are unset. */
export function turnRelayFrom(turn: { urls: string[]; secretFile?: string | undefined; ttl: number }): TurnRelay | undefined {
  if (turn.urls.length === 0 || !turn.secretFile) return undefined;
  let text: string;
  try {
    text = readFileSync(turn.secretFile, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the TURN secret file ${turn.secretFile} (MOOT_TURN_SECRET_FILE): ${(error as Error).message}`);
  }
  // The file holds the secret as coturn's `static-auth-secret` has it; a final newline is not part of it.
  const secret = text.replace(/\r?\n$/, '');
  if (secret.length === 0) throw new Error(`The TURN secret file ${turn.secretFile} is empty (MOOT_TURN_SECRET_FILE)`);
  return new TurnRelay({ urls: turn.urls, secret, ttlSeconds: turn.ttl });
}
