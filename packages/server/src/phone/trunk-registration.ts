/// <reference path="./sip.d.ts" />
import sip, { type SipRequest } from 'sip';
import digest from 'sip/digest.js';
import type { Logger } from 'pino';
import { randomId } from '../ids.ts';
import type { SipEndpoint } from './sip-endpoint.ts';

export interface TrunkOptions {
  /** The provider's registrar, e.g. sip:sip.provider.example;transport=tcp */
  registrar: string;
  user: string;
  password: string;
  expiresSeconds: number;
  /** Where the provider sends calls: moot's public address and SIP port. */
  contact: { host: string; port: number };
  log: Logger;
}

const RETRY_MS = 60_000;

/**
 * Keeps moot registered with a phone provider (RFC 3261 REGISTER, answering a digest challenge
 * once per attempt), renews before the registration runs out, and retries after a failure.
 */
export class TrunkRegistration {
  state: 'registering' | 'registered' | 'failed' = 'registering';
  private stopped = false;
  private readonly callId = `${randomId()}@moot`;
  private readonly tag = randomId();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly endpoint: SipEndpoint,
    private readonly options: TrunkOptions,
  ) {}

  start(): void {
    void this.register();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private request(expires: number): SipRequest {
    const { registrar, user, contact } = this.options;
    const host = sip.parseUri(registrar)?.host ?? '';
    const aor = `sip:${user}@${host}`;
    return {
      method: 'REGISTER',
      uri: registrar,
      headers: {
        to: { uri: aor, params: {} },
        from: { uri: aor, params: { tag: this.tag } },
        'call-id': this.callId,
        cseq: { seq: ++this.seq, method: 'REGISTER' },
        contact: [{ uri: `sip:${user}@${contact.host}:${contact.port}`, params: {} }],
        expires,
        via: [],
      },
    };
  }

  private async register(): Promise<void> {
    if (this.stopped) return;
    const { log, user, password, expiresSeconds } = this.options;
    let request = this.request(expiresSeconds);
    let response = await this.endpoint.request(request);
    if (response.status === 401 || response.status === 407) {
      const signed = this.request(expiresSeconds);
      digest.signRequest({}, signed, response, { user, password });
      request = signed;
      response = await this.endpoint.request(request);
    }
    if (this.stopped) return;
    if (response.status >= 200 && response.status < 300) {
      const granted = Number(response.headers.expires ?? response.headers.contact?.[0]?.params.expires ?? expiresSeconds) || expiresSeconds;
      this.state = 'registered';
      log.info({ registrar: this.options.registrar, seconds: granted }, 'registered with the phone provider');
      this.timer = setTimeout(() => void this.register(), Math.max(30, granted * 0.8) * 1000);
      return;
    }
    this.state = 'failed';
    log.warn({ registrar: this.options.registrar, status: response.status, reason: response.reason }, 'the phone provider refused the registration; trying again in a minute');
    this.timer = setTimeout(() => void this.register(), RETRY_MS);
  }
}
