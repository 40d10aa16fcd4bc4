import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

const WORKER_FILE = 'sw.js';
const PLACEHOLDER = 'APP_SHELL';
/**
 * Parts this big are features loaded on first use (pdf.js and its worker, the whiteboard's
 * canvas): kept out of the shell so that installing it does not download them for every visitor;
 * the browser's HTTP cache keeps them once used.
 */
const LARGEST_SHELL_FILE = 200 * 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * Builds the service worker beside the page and writes into it the paths of what the build made
 * (scripts, styles, catalogues, index.html; not the big features) and the public files (manifest, icons), with a
 * version from their contents: each changed build installs a new worker that drops the old shell.
 */
export function appShell(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'moot-app-shell',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: new URL('./service-worker.ts', import.meta.url).pathname, fileName: WORKER_FILE });
    },
    generateBundle(_options, bundle) {
      const size = (name: string) => {
        const file = bundle[name]!;
        return file.type === 'chunk' ? Buffer.byteLength(file.code) : typeof file.source === 'string' ? Buffer.byteLength(file.source) : file.source.byteLength;
      };
      const built = Object.keys(bundle).filter((name) => name !== WORKER_FILE && !name.endsWith('.map') && !name.startsWith('.vite/') && size(name) <= LARGEST_SHELL_FILE);
      const publicFiles = config.publicDir ? filesUnder(config.publicDir) : [];
      const paths = [...built, ...publicFiles].map((name) => `/${name}`).sort();
      const hash = createHash('sha256');
      for (const name of built) {
        const file = bundle[name]!;
        hash.update(name).update(file.type === 'chunk' ? file.code : file.source);
      }
      for (const name of publicFiles) hash.update(name).update(readFileSync(join(config.publicDir, name)));
      const version = hash.digest('hex').slice(0, 16);
      const worker = bundle[WORKER_FILE];
      if (worker?.type !== 'chunk' || !worker.code.includes(PLACEHOLDER)) this.error(`${WORKER_FILE} was not built with its ${PLACEHOLDER} placeholder`);
      worker.code = worker.code.replaceAll(PLACEHOLDER, JSON.stringify({ version, paths }));
    },
  };
}
