import { signal } from '@preact/signals';
import { base } from './org-base.ts';

const inApp = (pathname: string) => (pathname === base || pathname.startsWith(`${base}/`) ? pathname.slice(base.length) || '/' : pathname);

/** The current path within the organization; pages re-render when it changes. */
export const path = signal(inApp(location.pathname));

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', base + to);
  else history.pushState(null, '', base + to);
  path.value = inApp(location.pathname);
}

addEventListener('popstate', () => {
  path.value = inApp(location.pathname);
});

/** Where to go after signing in: only same-origin paths, never another site. */
export function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  return raw;
}

/** Intercepts clicks on in-app links so they do not reload the page. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.origin !== location.origin) return;
  event.preventDefault();
  navigate(inApp(anchor.pathname) + anchor.search);
}
