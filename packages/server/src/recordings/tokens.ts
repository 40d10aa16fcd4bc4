import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived links to a recording's media: a signed statement "account U may fetch recording R
 * for purpose P until T". The route also checks the session: a link copied to someone else is
 * worthless, and one that leaks stops working within minutes.
 */

export type LinkPurpose = 'view' | 'download';
export const LINK_SECONDS = 300;

interface Claims {
  r: string;
  u: string;
  p: LinkPurpose;
  /** Expiry, ms since the epoch. */
  e: number;
}

export class LinkSigner {
  constructor(private key: Buffer) {}

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }

  sign(recordingId: string, userId: string, purpose: LinkPurpose, now = Date.now()): { token: string; expiresAt: string } {
    const claims: Claims = { r: recordingId, u: userId, p: purpose, e: now + LINK_SECONDS * 1000 };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${this.mac(body).toString('base64url')}`, expiresAt: new Date(claims.e).toISOString() };
  }

  /** The purpose, when the token is genuine, unexpired, and for this recording and account. */
  verify(token: string, recordingId: string, userId: string, now = Date.now()): LinkPurpose | undefined {
    const [body, mac] = token.split('.');
    if (!body || !mac) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    if (claims.r !== recordingId || claims.u !== userId || claims.e < now) return undefined;
    return claims.p;
  }
}
