import { lookup as dnsLookup } from 'node:dns';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ClientOptions } from 'ldapts';
import { addressesOf, bare, ProviderAddressError, publicOnlyLookup, rangeOf, refusal, type Resolve } from '../sso/host-guard.ts';

/** How the directory client opens its sockets (ldapts's hooks). */
export type DirectorySockets = Pick<ClientOptions, 'createConnection' | 'createSecureConnection'>;

/**
 * Where an organization's admins may point the server's directory client: ldap(s) at public
 * addresses, or hosts the operator lists (`sso.organizationHosts`). Without it, an admin could
 * make the server bind, with a password it holds, to any service inside the operator's network.
 * Checked when set, before each connection, and by the sockets' own name lookups, so a name that
 * resolves inward later (DNS rebinding) reaches nothing.
 */
export class DirectoryHostGuard {
  constructor(
    private allowed: readonly string[],
    private resolve: Resolve = dnsLookup,
  ) {}

  private listed(url: URL): boolean {
    return this.allowed.includes(url.host.toLowerCase()) || this.allowed.includes(bare(url.hostname).toLowerCase());
  }

  /** Refuses (ProviderAddressError) a directory address; `insecure` (no StartTLS) is for listed hosts on this machine only. */
  async check(address: string, insecure: boolean): Promise<void> {
    const url = new URL(address);
    if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') throw new ProviderAddressError(`url ${address} must use ldap:// or ldaps://`);
    const hostname = bare(url.hostname);
    const addresses = await addressesOf(hostname, this.resolve);
    if (this.listed(url)) {
      if (insecure && !addresses.every((a) => rangeOf(a) === 'loopback')) {
        throw new ProviderAddressError(`url ${address}: without StartTLS only a listed host on this machine may be used`);
      }
      return;
    }
    const refused = addresses.map((a) => refusal(hostname, a)).find(Boolean);
    if (refused) throw new ProviderAddressError(`url ${address} is not a public address: ${refused}`);
    if (insecure) throw new ProviderAddressError(`url ${address}: a directory on the network must use StartTLS or ldaps://`);
  }

  /** Sockets to the directory at `address` that resolve its name to public addresses only (listed hosts: as usual). */
  sockets(address: string): DirectorySockets {
    if (this.listed(new URL(address))) return {};
    const lookup = publicOnlyLookup(this.resolve);
    const secure = (...args: unknown[]) =>
      // StartTLS hands over the open socket in one options object; ldaps:// gives port, host and options.
      typeof args[0] === 'object' ? tlsConnect(args[0] as ConnectionOptions) : tlsConnect({ ...(args[2] as ConnectionOptions), port: args[0] as number, host: args[1] as string, lookup });
    return {
      createConnection: ((port: number, host: string) => netConnect({ port, host, lookup })) as typeof netConnect,
      createSecureConnection: secure as typeof tlsConnect,
    };
  }
}
