// The service worker: keeps the app shell (the built page, its scripts, styles, catalogues and
// icons) so the app opens fast and without a network. It answers nothing else: API answers,
// the signaling socket, media and recordings always go to the server.

/** The shell's paths and a version naming this build, written in by the build (see vite-plugin.ts). */
declare const APP_SHELL: { version: string; paths: string[] };

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const { version, paths } = APP_SHELL;
const PREFIX = 'moot-shell-';
const cacheName = PREFIX + version;
const shell = new Set(paths);
const PAGE = '/index.html';

scope.addEventListener('install', (event) => {
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll([...shell])).then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (event) => {
  const old = caches.keys().then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== cacheName).map((name) => caches.delete(name))));
  event.waitUntil(old.then(() => scope.clients.claim()));
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/ws') return;
  if (request.mode === 'navigate') {
    // The network first, so a new version is seen at once; the kept page when there is none.
    event.respondWith(fetch(request).catch(async () => (await caches.match(PAGE, { cacheName })) ?? Response.error()));
    return;
  }
  // File names carry their content's hash: a kept copy is always the right one.
  if (shell.has(url.pathname)) event.respondWith(caches.match(url.pathname, { cacheName }).then((kept) => kept ?? fetch(request)));
});
