/// <reference types="vite/client" />
/**
 * Installs the service worker that keeps the app shell. Where service workers are off or refused
 * (Tor Browser, some private windows, plain http on another host) the app runs from the network
 * as before, so a failure here changes nothing for the person.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  addEventListener('load', () => navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.info('no service worker:', error)), { once: true });
}
