import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * The at-rest format of recording files: AES-256-GCM in fixed-size chunks, so a file of any size
 * streams through constant memory and a Range request decrypts only the chunks it touches.
 *
 *   header  "MOOTENC2" | plain chunk size (uint32 BE) | 4 zero bytes
 *   chunk   iv (12) | ciphertext (up to chunk size) | tag (16)
 *
 * Each chunk's AAD is the header, its index, whether it is the last one, and what the file is
 * (the binding: which recording, and its role, video or notes): chunks cannot be reordered,
 * swapped between files or dropped from the end, nor can one file of a recording stand in for
 * another under the same key, without decryption failing.
 * Files of the first format ("MOOTENC1") have no binding in their AAD; they stay readable.
 * The file never starts with a media signature, and holds nothing readable without the key.
 */

const MAGIC = Buffer.from('MOOTENC2');
/** Written before files were bound to their role; read only. */
const MAGIC_UNBOUND = Buffer.from('MOOTENC1');
const HEADER = 16;
const IV = 12;
const TAG = 16;
export const CHUNK = 64 * 1024;

function header(chunk: number): Buffer {
  const h = Buffer.alloc(HEADER);
  MAGIC.copy(h);
  h.writeUInt32BE(chunk, 8);
  return h;
}

/** What a file is bound to: the first format's files are bound to nothing. */
function bindingOf(head: Buffer, binding: string): Buffer {
  return head.subarray(0, 8).equals(MAGIC_UNBOUND) ? Buffer.alloc(0) : Buffer.from(binding, 'utf8');
}

function aad(head: Buffer, index: number, last: boolean, binding: Buffer): Buffer {
  const a = Buffer.alloc(HEADER + 9 + binding.length);
  head.copy(a);
  a.writeBigUInt64BE(BigInt(index), HEADER);
  a[HEADER + 8] = last ? 1 : 0;
  binding.copy(a, HEADER + 9);
  return a;
}

function seal(key: Buffer, head: Buffer, index: number, last: boolean, binding: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(head, index, last, binding));
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function unseal(key: Buffer, head: Buffer, index: number, last: boolean, binding: Buffer, stored: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, IV)).setAAD(aad(head, index, last, binding));
  decipher.setAuthTag(stored.subarray(stored.length - TAG));
  return Buffer.concat([decipher.update(stored.subarray(IV, stored.length - TAG)), decipher.final()]);
}

/**
 * Encrypts a stream of bytes bound to `binding` (what the file is; reading needs the same);
 * use as a `pipeline` stage. A chunk is held back until it is known whether it is the last.
 */
export function encryptor(key: Buffer, binding: string): (source: Iterable<Buffer> | AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* encrypt(source) {
    const head = header(CHUNK);
    const bound = bindingOf(head, binding);
    yield head;
    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    for await (const data of source) {
      pending = pending.length ? Buffer.concat([pending, data]) : data;
      // Keep at least one byte back so the final chunk is always sealed as final.
      while (pending.length > CHUNK) {
        yield seal(key, head, index++, false, bound, pending.subarray(0, CHUNK));
        pending = pending.subarray(CHUNK);
      }
    }
    yield seal(key, head, index, true, bound, pending);
  };
}

export async function encryptBuffer(key: Buffer, plain: Buffer, binding: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of encryptor(key, binding)([plain])) parts.push(part);
  return Buffer.concat(parts);
}

export interface Layout {
  chunk: number;
  chunks: number;
  plainSize: number;
}

function layout(head: Buffer, fileSize: number): Layout {
  const magic = head.subarray(0, 8);
  if (fileSize < HEADER + IV + TAG || !(magic.equals(MAGIC) || magic.equals(MAGIC_UNBOUND))) throw new Error('not an encrypted recording file');
  const chunk = head.readUInt32BE(8);
  const stored = chunk + IV + TAG;
  const chunks = Math.ceil((fileSize - HEADER) / stored);
  const lastStored = fileSize - HEADER - (chunks - 1) * stored;
  return { chunk, chunks, plainSize: (chunks - 1) * chunk + lastStored - IV - TAG };
}

/** An encrypted file opened for reading: its plaintext size, and any byte range of its plaintext. */
export class EncryptedFile {
  private constructor(
    private handle: Awaited<ReturnType<typeof open>>,
    private head: Buffer,
    readonly layout: Layout,
    private key: Buffer,
    private binding: Buffer,
  ) {}

  /** `binding`: what the file must be, as it was given when it was encrypted. */
  static async open(path: string, key: Buffer, binding: string): Promise<EncryptedFile> {
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(HEADER);
      await handle.read(head, 0, HEADER, 0);
      return new EncryptedFile(handle, head, layout(head, (await handle.stat()).size), key, bindingOf(head, binding));
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  get size(): number {
    return this.layout.plainSize;
  }

  /** Plaintext bytes `start` to `end` inclusive, decrypted a chunk at a time; closes the file when done. */
  async *range(start = 0, end = this.size - 1): AsyncGenerator<Buffer> {
    const { chunk, chunks } = this.layout;
    const stored = chunk + IV + TAG;
    try {
      for (let i = Math.floor(start / chunk); i < chunks && i * chunk <= end; i++) {
        const buffer = Buffer.alloc(stored);
        const { bytesRead } = await this.handle.read(buffer, 0, stored, HEADER + i * stored);
        const plain = unseal(this.key, this.head, i, i === chunks - 1, this.binding, buffer.subarray(0, bytesRead));
        const from = Math.max(0, start - i * chunk);
        const to = Math.min(plain.length, end - i * chunk + 1);
        if (to > from) yield plain.subarray(from, to);
      }
    } finally {
      await this.handle.close();
    }
  }

  async readAll(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of this.range()) parts.push(part);
    return Buffer.concat(parts);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
