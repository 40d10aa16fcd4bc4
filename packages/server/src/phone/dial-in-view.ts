import type { DialInView } from '@moot/protocol';
import type { Config } from '../config.ts';

type SipConfig = Config['sip'];

export function listenAddress(sip: SipConfig): { host: string; port: number } | undefined {
  if (!sip.listen) return undefined;
  const at = sip.listen.lastIndexOf(':');
  return { host: sip.listen.slice(0, at), port: Number(sip.listen.slice(at + 1)) };
}

export function publicAddress(sip: SipConfig): string | undefined {
  const listen = listenAddress(sip);
  return sip.publicAddress ?? (listen && !['0.0.0.0', '::'].includes(listen.host) ? listen.host : undefined);
}

/** How people reach a room by phone, or undefined while dial-in is off. */
export function dialInView(sip: SipConfig, pin: string): DialInView | undefined {
  const listen = listenAddress(sip);
  const host = publicAddress(sip);
  if (!listen || !host) return undefined;
  const sipUri = sip.uri ?? `sip:moot@${host.includes(':') ? `[${host}]` : host}${listen.port === 5060 ? '' : `:${listen.port}`}`;
  return { pin, sipUri, ...(sip.number ? { number: sip.number } : {}) };
}

