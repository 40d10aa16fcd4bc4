import { createHash, timingSafeEqual } from 'node:crypto';

/** BigBlueButton accepts these digests; which one a client used shows in the checksum's length. */
const algorithmByLength: Record<number, string> = { 40: 'sha1', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

/**
 * The query string as the client sent it, less the `checksum` parameter and its separator.
 * Integrations sign the exact bytes they send (PHP's http_build_query, the Ruby gem's sorted
 * parameters, JavaScript's %20), so the string is never decoded, re-encoded or reordered.
 */
export function withoutChecksum(rawQuery: string): { signed: string; checksum: string | undefined } {
  let checksum: string | undefined;
  const kept: string[] = [];
  for (const part of rawQuery.split('&')) {
    if (part.startsWith('checksum=')) checksum = part.slice('checksum='.length);
    else if (part !== '') kept.push(part);
  }
  return { signed: kept.join('&'), checksum };
}

/** Whether `checksum` is hash(callName + query + secret) by one of the accepted digests, compared in constant time. */
export function checksumMatches(callName: string, signedQuery: string, secret: string, checksum: string): boolean {
  const algorithm = algorithmByLength[checksum.length];
  if (!algorithm || !/^[0-9a-fA-F]+$/.test(checksum)) return false;
  const expected = createHash(algorithm).update(callName + signedQuery + secret).digest();
  return timingSafeEqual(expected, Buffer.from(checksum, 'hex'));
}
