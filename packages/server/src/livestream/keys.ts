import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals stream keys for the database with AES-256-GCM under a key derived from the server key,
 * bound to the destination's id: a sealed key copied to another row does not open.
 * Format: "v1.<iv>.<ciphertext>.<tag>" (base64url parts).
 */
export class StreamKeys {
  constructor(private key: Buffer) {}

  seal(streamKey: string, destinationId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(destinationId));
    const sealed = Buffer.concat([cipher.update(streamKey, 'utf8'), cipher.final()]);
    return ['v1', iv, sealed, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open(sealed: string, destinationId: string): string {
    const [version, iv, data, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !data || !tag) throw new Error('not a sealed stream key');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(destinationId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
