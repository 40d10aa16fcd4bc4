/// <reference path="./sip.d.ts" />
import { readFileSync } from 'node:fs';
import sip, { type NameAddr, type Remote, type SipRequest, type SipResponse, type Stack } from 'sip';
import type { Logger } from 'pino';
import { randomId } from '../ids.ts';

/** Who calls: the number the network gives (From's user part) and the address the call came from. */
export interface Caller {
  number: string | undefined;
  address: string;
}

/** One incoming call as the gateway sees it: an offer to answer, then a line to hang up. */
export interface SipCall {
  readonly caller: Caller;
  readonly offer: string;
  answer(sdp: string): void;
  reject(status: number, reason: string): void;
  hangUp(): void;
  /** The caller hung up, cancelled, or never confirmed the answer. */
  onEnded(listener: () => void): void;
}

export interface SipEndpointOptions {
  host: string;
  port: number;
  tls?: { port: number; certFile: string; keyFile: string };
  /** What callers and the trunk reach moot at, in Contact and Via. */
  publicAddress: string;
  allowed: (address: string) => boolean;
  log: Logger;
}

const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS';
/** RFC 3261 timer T1 and the 64·T1 after which an unconfirmed answer is given up. */
const T1_MS = 500;
const GIVE_UP_MS = 64 * T1_MS;

class Dialog implements SipCall {
  readonly localTag = randomId();
  private state: 'offered' | 'answered' | 'confirmed' | 'ended' = 'offered';
  private localSeq = 1;
  private response: SipResponse | undefined;
  answerSdp = '';
  private retransmit: NodeJS.Timeout | undefined;
  private endedListeners: (() => void)[] = [];

  constructor(
    private readonly endpoint: SipEndpoint,
    readonly invite: SipRequest,
    readonly remote: Remote,
    readonly caller: Caller,
  ) {}

  get offer(): string {
    return this.invite.content ?? '';
  }

  answer(sdp: string): void {
    if (this.state !== 'offered') return;
    const response = this.endpoint.respond(this.invite, 200, 'OK', this);
    response.headers['content-type'] = 'application/sdp';
    response.content = sdp;
    this.answerSdp = sdp;
    this.response = response;
    this.state = 'answered';
    this.endpoint.send(response);
    if (this.remote.protocol.toUpperCase() === 'UDP') this.resendUntilAck(T1_MS, Date.now());
  }

  reject(status: number, reason: string): void {
    if (this.state !== 'offered') return;
    this.endpoint.send(this.endpoint.respond(this.invite, status, reason, this));
    this.end();
  }

  hangUp(): void {
    if (this.state === 'ended') return;
    if (this.state === 'offered') return this.reject(480, 'Temporarily Unavailable');
    const from = this.invite.headers.from!;
    const to = this.invite.headers.to!;
    const bye: SipRequest = {
      method: 'BYE',
      uri: this.invite.headers.contact?.[0]?.uri ?? from.uri,
      headers: {
        to: { ...from, params: { ...from.params } },
        from: { ...to, params: { ...to.params, tag: this.localTag } },
        'call-id': this.invite.headers['call-id'],
        cseq: { seq: ++this.localSeq, method: 'BYE' },
        via: [],
        route: [{ uri: this.endpoint.flowUri(this.remote), params: {} }, ...(this.invite.headers['record-route'] ?? [])],
      },
    };
    this.endpoint.send(bye);
    this.end();
  }

  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  acknowledged(): void {
    if (this.state === 'answered') this.state = 'confirmed';
    clearTimeout(this.retransmit);
  }

  /** The caller's side ended the call (BYE or CANCEL). */
  end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    clearTimeout(this.retransmit);
    this.endpoint.forget(this);
    for (const listener of this.endedListeners.splice(0)) listener();
  }

  get answered(): boolean {
    return this.state === 'answered' || this.state === 'confirmed';
  }

  private resendUntilAck(interval: number, since: number): void {
    this.retransmit = setTimeout(() => {
      if (this.state !== 'answered' || !this.response) return;
      if (Date.now() - since >= GIVE_UP_MS) {
        this.endpoint.log.warn({ caller: this.caller.address }, 'a call never confirmed its answer: hanging up');
        this.hangUp();
        return;
      }
      this.endpoint.send(this.response);
      this.resendUntilAck(Math.min(interval * 2, 4000), since);
    }, interval);
  }
}

/**
 * moot's SIP side: takes calls on UDP and TCP (and TLS when configured) with the `sip` package's
 * transports and transactions, keeps one dialog per call, and hands each answered offer to the
 * gateway. It never places calls itself.
 */
export class SipEndpoint {
  private readonly stack: Stack;
  private readonly dialogs = new Map<string, Dialog>();

  constructor(
    private readonly options: SipEndpointOptions,
    private readonly onCall: (call: SipCall) => void,
  ) {
    const tls = options.tls && { key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) };
    this.stack = sip.create(
      {
        address: options.host,
        port: options.port,
        publicAddress: options.publicAddress,
        ...(tls ? { tls, tls_port: options.tls!.port } : {}),
        logger: { error: (e: unknown) => options.log.warn({ err: String(e) }, 'SIP stack error') },
      },
      (request, remote) => this.received(request, remote),
    );
  }

  get log(): Logger {
    return this.options.log;
  }

  send(message: SipRequest | SipResponse): void {
    this.stack.send(message);
  }

  /** Sends a request of moot's own (a registration) and resolves with its final response. */
  request(request: SipRequest): Promise<SipResponse> {
    return new Promise((resolve) => {
      this.stack.send(request, (response) => {
        if (response.status >= 200) resolve(response);
      });
    });
  }

  /**
   * The connection a call came in on, as a Route the stack resolves to that very connection: the
   * caller's own address may equal moot's (a proxy on the same host), which the stack would
   * otherwise take for itself.
   */
  flowUri(remote: Remote): string {
    return sip.stringifyUri(this.stack.encodeFlowUri(remote));
  }

  /** Hangs up every call, then closes the transports once the hang-ups are on their way. */
  async stop(): Promise<void> {
    for (const dialog of [...this.dialogs.values()]) dialog.hangUp();
    // The stack sends a new request on the next tick: closing before would send on a closed socket.
    await new Promise((resolve) => setImmediate(resolve));
    this.stack.destroy();
  }

  forget(dialog: Dialog): void {
    this.dialogs.delete(dialog.invite.headers['call-id'] ?? '');
  }

  respond(request: SipRequest, status: number, reason: string, dialog?: Dialog): SipResponse {
    const response = sip.makeResponse(request, status, reason);
    if (dialog && response.headers.to) response.headers.to.params = { ...response.headers.to.params, tag: dialog.localTag };
    if (dialog && status < 300) {
      response.headers.contact = [this.contact(dialog.remote)];
      if (request.headers['record-route']) response.headers['record-route'] = request.headers['record-route'];
    }
    response.headers.allow = ALLOW;
    return response;
  }

  private contact(remote: Remote): NameAddr {
    const protocol = remote.protocol.toUpperCase();
    const { publicAddress, port, tls } = this.options;
    if (protocol === 'TLS' && tls) return { uri: `sips:moot@${publicAddress}:${tls.port}`, params: {} };
    return { uri: `sip:moot@${publicAddress}:${port}${protocol === 'TCP' ? ';transport=tcp' : ''}`, params: {} };
  }

  private received(request: SipRequest, remote: Remote): void {
    const callId = request.headers['call-id'] ?? '';
    const dialog = this.dialogs.get(callId);
    switch (request.method) {
      case 'INVITE':
        if (request.headers.to?.params.tag) {
          // A re-INVITE (a session refresh, or hold): the same answer stands.
          if (dialog?.answered) {
            dialog.acknowledged();
            const again = this.respond(request, 200, 'OK', dialog);
            again.headers['content-type'] = 'application/sdp';
            again.content = dialog.answerSdp;
            this.send(again);
          } else this.send(this.respond(request, 481, 'Call/Transaction Does Not Exist'));
          return;
        }
        if (dialog) return;
        return this.invited(request, remote, callId);
      case 'ACK':
        dialog?.acknowledged();
        return;
      case 'BYE':
        this.send(this.respond(request, dialog ? 200 : 481, dialog ? 'OK' : 'Call/Transaction Does Not Exist'));
        dialog?.end();
        return;
      case 'CANCEL':
        this.send(this.respond(request, dialog ? 200 : 481, dialog ? 'OK' : 'Call/Transaction Does Not Exist'));
        if (dialog && !dialog.answered) dialog.reject(487, 'Request Terminated');
        return;
      case 'OPTIONS':
        this.send(this.respond(request, 200, 'OK'));
        return;
      default:
        this.send(this.respond(request, 405, 'Method Not Allowed'));
    }
  }

  private invited(request: SipRequest, remote: Remote, callId: string): void {
    if (!this.options.allowed(remote.address)) {
      this.options.log.warn({ address: remote.address }, 'a call from an address not allowed to call was refused');
      this.send(this.respond(request, 403, 'Forbidden'));
      return;
    }
    if (!request.content) {
      // Offerless INVITEs (the offer in the ACK) are rare on trunks; moot asks for an offer.
      this.send(this.respond(request, 488, 'Not Acceptable Here'));
      return;
    }
    this.send(this.respond(request, 100, 'Trying'));
    const dialog = new Dialog(this, request, remote, { number: numberOf(request.headers.from), address: remote.address });
    this.dialogs.set(callId, dialog);
    this.onCall(dialog);
  }
}

/** The caller's number as the network gives it: From's user part when it is a phone number. */
export function numberOf(from: NameAddr | undefined): string | undefined {
  const user = from ? sip.parseUri(from.uri)?.user : undefined;
  const number = user?.replace(/[^\d+]/g, '');
  return number && /\d{3,}/.test(number) ? number : undefined;
}
