import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A recordings key: the secret that unlocks an organization's recordings, kept outside the data
 * folder so a copy of the data folder (a backup, a stolen disk image) holds only ciphertext. The
 * server key serves the operator's organization (and signs stream links); every other
 * organization has a key of its own in the same format (`orgs/keys.ts`).
 *
 * Key file (JSON, mode 0600):
 *   {"format":"moot-recordings-key","version":1,"id":"<key id>","key":"<32 random bytes, base64>"}
 * Each recording's data key is stored wrapped:
 *   "v2.<key id>.<iv>.<ciphertext>.<tag>"  (base64url parts; AES-256-GCM, AAD = the recording id
 *   and its organization's id, so a row moved to another organization does not open)
 * Data keys wrapped before organizations ("v1", AAD = the recording id) are the operator's and
 * stay readable. The key id says which key wrapped a data key, so moving to a KMS means
 * unwrapping with the old key and wrapping again through the KMS's encrypt call: recording files
 * never change.
 */

const FORMAT = 'moot-recordings-key';

/** A recording's data key was wrapped by a key that is not there: destroyed, not restored, or another organization's. */
export class RecordingKeyMissingError extends Error {
  constructor() {
    super("this recording's key is missing: the key that wrapped it is not this organization's, or was destroyed");
  }
}

/** What a wrapped data key is bound to: one recording of one organization. */
export interface KeyBinding {
  recordingId: string;
  organizationId: string;
  /** Whether data keys wrapped before organizations (bound to the recording only) may open: the operator's. */
  legacy: boolean;
}

const bindingAad = (b: KeyBinding) => Buffer.from(`moot recording ${b.recordingId} of organization ${b.organizationId}`);

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
    return { key: ServerKey.parse(readFileSync(file, 'utf8'), file), created: false };
  }

  /** A key file's text, checked; `name` says which file in the error. */
  static parse(text: string, name: string): ServerKey {
    let parsed: { format?: string; version?: number; id?: string; key?: string } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // Reported below, like any other file that is not a key.
    }
    const key = Buffer.from(parsed.key ?? '', 'base64');
    if (parsed.format !== FORMAT || parsed.version !== 1 || !parsed.id || key.length !== 32) {
      throw new Error(`${name} is not a moot recordings key (format ${FORMAT}, version 1, 32-byte key)`);
    }
    return new ServerKey(parsed.id, key);
  }

  wrap(dataKey: Buffer, binding: KeyBinding): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(bindingAad(binding));
    const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return ['v2', this.id, iv, sealed, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** Whether this key wrapped `wrapped` (by key id; the binding is checked by `unwrap`). */
  wrapped(wrapped: string): boolean {
    return wrapped.split('.')[1] === this.id;
  }

  unwrap(wrapped: string, binding: KeyBinding): Buffer {
    const [version, id, iv, sealed, tag] = wrapped.split('.');
    const aad = version === 'v2' ? bindingAad(binding) : version === 'v1' && binding.legacy ? Buffer.from(binding.recordingId) : undefined;
    if (!aad || id !== this.id || !iv || !sealed || !tag) throw new RecordingKeyMissingError();
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(aad);
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
