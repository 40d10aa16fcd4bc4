import { lookup as dnsLookup } from 'node:dns';
import { addressesOf, bare, ProviderAddressError, rangeOf, refusal, type Resolve } from '../sso/host-guard.ts';

/**
 * Where an organization's admins may point the server's directory client: ldap(s) at public
 * addresses, or hosts the operator lists (`sso.organizationHosts`). Without it, an admin could
 * make the server bind, with a password it holds, to any service inside the operator's network.
 * Checked when set and again before each connection (a name can resolve elsewhere later).
 */
export class DirectoryHostGuard {
  constructor(
    private allowed: readonly string[],
    private resolve: Resolve = dnsLookup,
  ) {}

  /** Refuses (ProviderAddressError) a directory address; `insecure` (no StartTLS) is for listed hosts on this machine only. */
  async check(address: string, insecure: boolean): Promise<void> {
    const url = new URL(address);
    if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') throw new ProviderAddressError(`url ${address} must use ldap:// or ldaps://`);
    const hostname = bare(url.hostname);
    const addresses = await addressesOf(hostname, this.resolve);
    if (this.allowed.includes(url.host.toLowerCase()) || this.allowed.includes(hostname.toLowerCase())) {
      if (insecure && !addresses.every((a) => rangeOf(a) === 'loopback')) {
        throw new ProviderAddressError(`url ${address}: without StartTLS only a listed host on this machine may be used`);
      }
      return;
    }
    const refused = addresses.map((a) => refusal(hostname, a)).find(Boolean);
    if (refused) throw new ProviderAddressError(`url ${address} is not a public address: ${refused}`);
    if (insecure) throw new ProviderAddressError(`url ${address}: a directory on the network must use StartTLS or ldaps://`);
  }
}
