import type { IncomingMessage } from 'node:http';
import type { Db } from '../store/db.ts';
import { findOrganizationByDomain, findOrganizationBySlug, operatorOrganization, type Organization } from './orgs.ts';

/** The prefix that names an organization on the main domain: `/o/<slug>`, then `/`, `?` or the end. */
const PREFIX = /^\/o\/([a-z0-9-]{1,40})(?=[/?]|$)/;

/** The slug each request's path named, kept from the rewrite until the routes ask. */
const prefixes = new WeakMap<IncomingMessage, string>();
const resolved = new WeakMap<IncomingMessage, Promise<Organization | undefined>>();

/**
 * Fastify's `rewriteUrl`: `/o/<slug>/r/<id>` is routed as `/r/<id>`, so every route and page
 * works under the prefix unchanged; which organization the prefix named is remembered.
 */
export function stripOrganizationPrefix(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const match = PREFIX.exec(url);
  if (!match) return url;
  prefixes.set(req, match[1]!);
  const rest = url.slice(match[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The Host header's name, without port, lower-case. */
function hostName(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  return host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
}

async function resolve(db: Db, req: IncomingMessage): Promise<Organization | undefined> {
  const host = hostName(req);
  const byDomain = host ? await findOrganizationByDomain(db, host) : undefined;
  const slug = prefixes.get(req);
  // An organization's own domain serves that organization only: a prefix there cannot reach another.
  if (byDomain) return slug === undefined || slug === byDomain.slug ? byDomain : undefined;
  if (slug !== undefined) return findOrganizationBySlug(db, slug);
  return operatorOrganization(db);
}

/**
 * Which organization a request is for: the one whose domain is the Host header, else the one a
 * `/o/<slug>/` prefix names, else the operator's own. Undefined when the prefix names none (or
 * another organization than the domain's): such a request finds nothing at all.
 */
export function requestOrganization(db: Db, req: IncomingMessage): Promise<Organization | undefined> {
  let found = resolved.get(req);
  if (!found) resolved.set(req, (found = resolve(db, req)));
  return found;
}

/**
 * Whether a browser's Origin is an organization's own domain, served like the public URL (same
 * scheme and port). Only domains an operator registered count, so a name an attacker points at
 * this server (DNS rebinding) still does not.
 */
export async function isOrganizationOrigin(db: Db, origin: string | undefined, publicUrl: string): Promise<boolean> {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  const base = new URL(publicUrl);
  if (parsed.protocol !== base.protocol || parsed.port !== base.port || parsed.origin !== origin) return false;
  return (await findOrganizationByDomain(db, parsed.hostname)) !== undefined;
}

/** Where an organization's pages live: its own domain, or the main domain under `/o/<slug>`. */
export function organizationBaseUrl(publicUrl: string, org: Organization): string {
  if (org.operator === 1) return publicUrl;
  if (org.domain) {
    const url = new URL(publicUrl);
    url.hostname = org.domain;
    return url.origin;
  }
  return `${publicUrl}/o/${org.slug}`;
}
