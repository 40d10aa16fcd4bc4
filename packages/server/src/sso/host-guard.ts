import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { CustomFetchOptions } from 'openid-client';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';

/** An address the server refuses to reach for an organization's provider, said for its admins. */
export class ProviderAddressError extends Error {}

/** All the addresses a name resolves to (the resolver of `dns.lookup`, replaceable for unit tests). */
export type Resolve = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  uniqueLocal: 'a unique-local address',
  unspecified: 'the unspecified address',
};

/** ipaddr.js names every special range; "unicast" is what none claims: the public internet. */
export const rangeOf = (address: string): string => ipaddr.process(address).range();

/** Why an address is not on the public internet, in words; undefined when it is. */
export function refusal(hostname: string, address: string): string | undefined {
  const range = rangeOf(address);
  if (range === 'unicast') return undefined;
  const words = RANGE_WORDS[range] ?? `a reserved address (${range})`;
  return hostname === address ? `${address} is ${words}` : `${hostname} resolves to ${address}, ${words}`;
}

/** Every address a host name (or literal address) stands for. */
export function addressesOf(hostname: string, resolver: Resolve): Promise<string[]> {
  const name = bare(hostname);
  if (ipaddr.isValid(name)) return Promise.resolve([name]);
  return new Promise((resolve, reject) => {
    resolver(name, { all: true }, (err, found) => {
      if (err || found.length === 0) reject(new ProviderAddressError(`${name} does not resolve to any address`));
      else resolve(found.map((a) => a.address));
    });
  });
}

/** A socket `lookup` that fails with ProviderAddressError when a name resolves to any address that is not public. */
export function publicOnlyLookup(resolver: Resolve): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolver(hostname, { ...options, all: true }, (err, addresses) => {
      const refused = err ? undefined : addresses.map((a) => refusal(hostname, a.address)).find(Boolean);
      if (err || refused || addresses.length === 0) return callback(err ?? new ProviderAddressError(refused ?? `${hostname} does not resolve`));
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as unknown as LookupFunction;
}

/** What openid-client and jose hand a custom fetch. */
interface FetchInit {
  method?: string;
  headers?: Headers | Record<string, string>;
  body?: CustomFetchOptions['body'];
  redirect?: RequestRedirect;
  signal?: AbortSignal | null;
}

export const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * What an organization's admins may point the server at: its own OpenID discovery, tokens and
 * keys are fetched from there, so without this an admin could make the server reach Janus's admin
 * API, Redis, PostgreSQL or any host inside the operator's network. Such providers must use https
 * at public addresses, checked when set and again on each connection (a name can resolve elsewhere
 * later); hosts the operator lists are trusted, and may use plain http on this machine.
 */
export class ProviderHostGuard {
  /** Connections whose every resolved address is checked as the socket opens, so no later answer of the DNS slips past. */
  private publicOnly: Agent;

  constructor(
    /** host or host:port, lowercase (config `sso.organizationHosts`). */
    private allowed: readonly string[],
    private resolve: Resolve = dnsLookup,
  ) {
    this.publicOnly = new Agent({ connect: { lookup: publicOnlyLookup(this.resolve) } });
  }

  private listed(url: URL): boolean {
    return this.allowed.includes(url.host.toLowerCase()) || this.allowed.includes(url.hostname.toLowerCase());
  }

  private addresses(hostname: string): Promise<string[]> {
    return addressesOf(hostname, this.resolve);
  }

  /** Refuses (ProviderAddressError) an address an organization's provider may not have; `field` names it for the admin. */
  async check(field: string, address: string): Promise<void> {
    const url = new URL(address);
    const hostname = bare(url.hostname);
    if (this.listed(url)) {
      if (url.protocol === 'https:') return;
      if (url.protocol === 'http:' && (await this.addresses(hostname)).every((a) => rangeOf(a) === 'loopback')) return;
      throw new ProviderAddressError(`${field} ${address}: plain http is allowed only to a listed host on this machine`);
    }
    if (url.protocol !== 'https:') throw new ProviderAddressError(`${field} ${address} must use https`);
    const refused = (await this.addresses(hostname)).map((a) => refusal(hostname, a)).find(Boolean);
    if (refused) throw new ProviderAddressError(`${field} ${address} is not a public address: ${refused}`);
  }

  /** A fetch for an organization's provider (openid-client's and jose's `customFetch`). */
  readonly fetch = async (input: string | URL, init: FetchInit = {}): Promise<Response> => {
    const url = new URL(input);
    await this.check('the address', url.href);
    const headers = init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers;
    // The platform's ReadableStream and undici's are the same class at run time, not to TypeScript.
    const body = init.body as UndiciRequestInit['body'];
    const response = await undiciFetch(url, { ...init, headers, body, ...(this.listed(url) ? {} : { dispatcher: this.publicOnly }) }).catch((err: unknown) => {
      // fetch says only "fetch failed"; the refusal is the reason worth logging.
      const cause = (err as { cause?: unknown }).cause;
      throw cause instanceof ProviderAddressError ? cause : err;
    });
    return response as unknown as Response;
  };
}
