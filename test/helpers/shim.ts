import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const source = fileURLToPath(new URL('./loopback-shim.c', import.meta.url));
let building: Promise<string> | undefined;

/**
 * Compiles loopback-shim.c once (cached by the source's hash under the OS temp dir) and
 * returns the absolute path of the shared object, for MOOT_JANUS_PRELOAD.
 */
export function loopbackShim(): Promise<string> {
  building ??= (async () => {
    const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), 'moot-test-cache');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, `loopback-shim-${hash}.so`);
    if (existsSync(target)) return target;
    const partial = `${target}.${process.pid}.tmp`;
    await run('gcc', ['-shared', '-fPIC', '-O2', '-Wall', '-o', partial, source, '-ldl']);
    renameSync(partial, target); // atomic: concurrent test files never see a half-written file
    return target;
  })();
  return building;
}
