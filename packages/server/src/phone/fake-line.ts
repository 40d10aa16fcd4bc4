// Test support: a phone line and its audio in one, as the caller's side sees them.
import type { CallAudio } from './phone-call.ts';
import type { PromptName } from './prompts.ts';
import type { SipCall } from './sip-endpoint.ts';

export const settle = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** The caller's side of the line: what they heard, and whether moot hung up. */
export class FakeLine implements SipCall, CallAudio {
  readonly caller = { number: '+4930123456', address: '198.51.100.9' };
  readonly offer = '';
  heard: PromptName[] = [];
  hungUp = false;
  seated = false;
  private key: (key: string) => void = () => undefined;
  private ended: (() => void)[] = [];
  readonly mixerEndpoint = { host: '127.0.0.1', port: 40000, payloadType: 111, codec: 'opus' as const };
  answer(): void {}
  reject(): void {}
  hangUp(): void {
    this.hungUp = true;
    this.end();
  }
  onEnded(listener: () => void): void {
    this.ended.push(listener);
  }
  onKey(listener: (key: string) => void): void {
    this.key = listener;
  }
  talking: (talking: boolean) => void = () => undefined;
  onTalking(listener: (talking: boolean) => void): void {
    this.talking = listener;
  }
  say(name: PromptName): Promise<void> {
    this.heard.push(name);
    return Promise.resolve();
  }
  hush(): void {}
  /** Where the caller's voice goes: the seat in the mix moot connected the call to. */
  mixer: { host: string; port: number } | undefined;
  connectMixer(mixer: { host: string; port: number }): void {
    this.seated = true;
    this.mixer = mixer;
  }
  /** The caller hangs up. */
  end(): void {
    for (const f of this.ended.splice(0)) f();
  }
  close(): void {}
  async type(keys: string): Promise<void> {
    for (const key of keys) {
      this.key(key);
      await settle();
    }
  }
}
