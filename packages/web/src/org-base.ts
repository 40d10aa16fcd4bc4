/**
 * `/o/<slug>` when the page was opened under an organization's prefix on the main domain, else
 * empty. Pages see paths without it; addresses in the bar and requests to the server carry it.
 * Its own module, so that the signaling and API modules do not pull in the router (and can be
 * unit-tested outside a browser, where there is no location).
 */
export const base = /^\/o\/[a-z0-9-]{1,40}(?=\/|$)/.exec(globalThis.location?.pathname ?? '/')?.[0] ?? '';
