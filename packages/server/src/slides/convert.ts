import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where `soffice` is on PATH, if LibreOffice is installed. */
export function findSoffice(path = process.env.PATH ?? ''): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'soffice'))
    .find((file) => existsSync(file));
}

/**
 * ODP and PPTX to PDF with LibreOffice, one job at a time: each conversion starts a whole office
 * suite, and two at once would share (and break) its profile. A job that hangs is killed.
 */
export class Converter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly soffice: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  get available(): boolean {
    return this.soffice !== undefined;
  }

  /** The PDF, or undefined when LibreOffice failed or took too long. */
  convert(bytes: Buffer, extension: 'odp' | 'pptx'): Promise<Buffer | undefined> {
    const job = this.queue.then(() => this.once(bytes, extension));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async once(bytes: Buffer, extension: 'odp' | 'pptx'): Promise<Buffer | undefined> {
    if (!this.soffice) return undefined;
    const dir = await mkdtemp(join(tmpdir(), 'moot-convert-'));
    try {
      const input = join(dir, `presentation.${extension}`);
      await writeFile(input, bytes, { mode: 0o600 });
      await run(this.soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, input], {
        timeout: this.timeoutMs,
        killSignal: 'SIGKILL',
      });
      return await readFile(join(dir, 'presentation.pdf'));
    } catch {
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
