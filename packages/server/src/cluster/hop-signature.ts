import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signature older (or further ahead) than this is refused: a copied header opens nothing for long. */
const MAX_AGE_MS = 30_000;

/** What one process vouches for when it passes a request on to another. */
export interface Hop {
  /** The address the request came from, as the passing process saw it. */
  client: string;
  method: string;
  host: string;
  url: string;
}

/**
 * Signs a request passed from one server process to another, with a key both derive from the
 * installation's recordings key: the receiving process believes the client's address only
 * under a valid signature, so nobody outside can claim to be a relayed request or pick the
 * address its rate limits and audit entries count.
 */
export class HopSignature {
  constructor(private key: Buffer) {}

  private mac(at: number, hop: Hop): Buffer {
    return createHmac('sha256', this.key).update([at, hop.client, hop.method, hop.host, hop.url].join('\n')).digest();
  }

  sign(hop: Hop, now = Date.now()): string {
    return `${now}.${this.mac(now, hop).toString('base64url')}`;
  }

  verifies(signature: string, hop: Hop, now = Date.now()): boolean {
    const [atText, macText] = signature.split('.');
    const at = Number(atText);
    if (!Number.isSafeInteger(at) || Math.abs(now - at) > MAX_AGE_MS || !macText) return false;
    const given = Buffer.from(macText, 'base64url');
    const expected = this.mac(at, hop);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
