import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The server key: the one secret that unlocks every recording, kept outside the data folder so a
 * copy of the data folder (a backup, a stolen disk image) holds only ciphertext.
 *
 * Key file (JSON, mode 0600):
 *   {"format":"moot-recordings-key","version":1,"id":"<key id>","key":"<32 random bytes, base64>"}
 * Each recording's data key is stored wrapped:
 *   "v1.<key id>.<iv>.<ciphertext>.<tag>"  (base64url parts; AES-256-GCM, AAD = the recording id)
 * The key id says which key wrapped a data key, so moving to a KMS means unwrapping with the old
 * key and wrapping again through the KMS's encrypt call: recording files never change.
 */

const FORMAT = 'moot-recordings-key';

export class ServerKey {
  private constructor(
    readonly id: string,
    private key: Buffer,
  ) {}

  /** Reads the key file, or creates it when it does not exist yet (then `created` is true). */
  static open(file: string): { key: ServerKey; created: boolean } {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const fresh = { format: FORMAT, version: 1, id: randomBytes(6).toString('base64url'), key: randomBytes(32).toString('base64') };
      // 'wx': never overwrite a key another process made a moment ago; losing a key loses every recording.
      writeFileSync(file, `${JSON.stringify(fresh)}\n`, { mode: 0o600, flag: 'wx' });
      return { key: new ServerKey(fresh.id, Buffer.from(fresh.key, 'base64')), created: true };
    }
    if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} is readable by other users: chmod 600 it`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { format?: string; version?: number; id?: string; key?: string };
    const key = Buffer.from(parsed.key ?? '', 'base64');
    if (parsed.format !== FORMAT || parsed.version !== 1 || !parsed.id || key.length !== 32) {
      throw new Error(`${file} is not a moot recordings key (format ${FORMAT}, version 1, 32-byte key)`);
    }
    return { key: new ServerKey(parsed.id, key), created: false };
  }

  wrap(dataKey: Buffer, recordingId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(recordingId));
    const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return ['v1', this.id, iv, sealed, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  unwrap(wrapped: string, recordingId: string): Buffer {
    const [version, id, iv, sealed, tag] = wrapped.split('.');
    if (version !== 'v1' || id !== this.id || !iv || !sealed || !tag) throw new Error('this data key was wrapped by another server key');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(recordingId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
  }

  /** A separate key for signing stream links, derived so the wrapping key does one job only. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `moot ${purpose}`, 32));
  }
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}
