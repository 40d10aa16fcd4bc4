import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import { CodeAttempts } from '../meetings/code-attempts.ts';
import { allowedCallers } from './allowed-callers.ts';
import { listenAddress, publicAddress } from './dial-in-view.ts';
import { CallMedia } from './call-media.ts';
import { PhoneCall, type PhoneCallDeps, type PinDialogue } from './phone-call.ts';
import { PortPool } from './port-pool.ts';
import { Prompts } from './prompts.ts';
import { answer, negotiate } from './sdp.ts';
import { SipEndpoint, type SipCall } from './sip-endpoint.ts';
import { TrunkRegistration } from './trunk-registration.ts';

/** Calls at once; each holds two UDP sockets and a seat in a mix. */
const MAX_CALLS = 200;
/**
 * Calls at once from one address while anyone may call: one client cannot hold every line. A
 * trunk's servers listed in `sip.allowFrom` are the only callers then, and not limited.
 */
const MAX_CALLS_PER_ADDRESS = 10;
/**
 * Wrong PINs before the delays start: per caller (number and address) across calls, and per
 * address, which through a trunk is the provider's, so it allows many more.
 */
const FREE_PINS = { perClient: 4, perRoom: 60 };

function mixerSocket(host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => resolve(socket));
  });
}

export type DialInDeps = PhoneCallDeps & Pick<PinDialogue, 'handOver'>;

/**
 * Dial-in by phone: a SIP endpoint taking calls directly or from a trunk it registers with, and
 * one PhoneCall per caller. The mixer side of each call is on `janus.serverAddress`: 127.0.0.1
 * beside the managed Janus, or a private address every Janus node reaches when the meetings of
 * several server processes take this process's calls.
 */
export class DialIn {
  private readonly calls = new Set<SipCall>();
  private readonly perAddressLimit: boolean;
  private readonly pins = new CodeAttempts(Date.now, FREE_PINS);
  private readonly prompts: Prompts;
  private readonly ports: PortPool;
  private readonly endpoint: SipEndpoint;
  private readonly trunk: TrunkRegistration | undefined;
  private readonly address: string;
  private readonly serverAddress: string;

  private constructor(
    config: Config,
    private readonly deps: DialInDeps,
  ) {
    const { sip } = config;
    const listen = listenAddress(sip)!;
    const address = publicAddress(sip);
    if (!address) throw new Error('Invalid configuration: sip.publicAddress (MOOT_SIP_PUBLIC_ADDRESS) is needed when moot listens for calls on every interface');
    if (sip.tlsPort && (!sip.tlsCert || !sip.tlsKey)) throw new Error('Invalid configuration: SIP over TLS needs sip.tlsCert and sip.tlsKey');
    this.address = address;
    this.serverAddress = config.janus.serverAddress;
    this.perAddressLimit = sip.allowFrom.length === 0;
    this.prompts = Prompts.load(sip.promptsDir);
    this.ports = PortPool.fromRange(listen.host, sip.rtpPorts);
    this.endpoint = new SipEndpoint(
      {
        host: listen.host,
        port: listen.port,
        ...(sip.tlsPort ? { tls: { port: sip.tlsPort, certFile: sip.tlsCert!, keyFile: sip.tlsKey! } } : {}),
        publicAddress: address,
        allowed: allowedCallers(sip.allowFrom),
        log: deps.log,
      },
      (call) => void this.take(call),
    );
    if (sip.trunkRegistrar) {
      const password = sip.trunkPasswordFile ? readFileSync(sip.trunkPasswordFile, 'utf8').trim() : sip.trunkPassword;
      if (!sip.trunkUser || !password) throw new Error('Invalid configuration: a SIP trunk registration needs sip.trunkUser and a password (sip.trunkPasswordFile)');
      this.trunk = new TrunkRegistration(this.endpoint, {
        registrar: sip.trunkRegistrar,
        user: sip.trunkUser,
        password,
        expiresSeconds: sip.trunkRegisterSeconds,
        contact: { host: address, port: listen.port },
        log: deps.log,
      });
      this.trunk.start();
    }
  }

  /** Starts taking calls when `sip.listen` is set; undefined otherwise. */
  static start(config: Config, deps: DialInDeps): DialIn | undefined {
    return config.sip.listen ? new DialIn(config, deps) : undefined;
  }

  get registration(): TrunkRegistration['state'] | undefined {
    return this.trunk?.state;
  }

  get activeCalls(): number {
    return this.calls.size;
  }

  stop(): Promise<void> {
    this.trunk?.stop();
    return this.endpoint.stop();
  }

  private async take(call: SipCall): Promise<void> {
    const offer = negotiate(call.offer);
    if (!offer.ok) {
      this.deps.log.info({ address: call.caller.address, reason: offer.reason }, 'a call was refused: its audio cannot be used');
      call.reject(488, 'Not Acceptable Here');
      return;
    }
    const fromThere = [...this.calls].filter((c) => c.caller.address === call.caller.address).length;
    if (this.calls.size >= MAX_CALLS || (this.perAddressLimit && fromThere >= MAX_CALLS_PER_ADDRESS)) {
      this.deps.log.warn({ address: call.caller.address, calls: this.calls.size }, 'a call was refused: too many calls at once');
      call.reject(486, 'Busy Here');
      return;
    }
    this.calls.add(call);
    call.onEnded(() => this.calls.delete(call));
    let media: CallMedia;
    try {
      media = new CallMedia(offer.call, await this.ports.bind(), await mixerSocket(this.serverAddress), this.prompts);
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'no audio port for a call');
      call.reject(503, 'Service Unavailable');
      return;
    }
    const phoneCall = new PhoneCall(this.deps, call, media);
    call.answer(answer(offer.call, { host: this.address, port: media.local.port }, randomInt(1, 2 ** 31)));
    await phoneCall.run({ pins: this.pins, handOver: this.deps.handOver });
  }
}
