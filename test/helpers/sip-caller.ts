// A phone caller for dial-in tests: SIPp from Debian's sip-tester runs test/helpers/sipp/caller.xml,
// types keys as RFC 4733 telephone-events and streams a tone; a UDP socket of the test receives
// the audio moot sends the caller, so the test can tell what the caller hears.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import alawmulaw from 'alawmulaw';
import { makeTempDir } from './moot.ts';
import { freePort } from './ports.ts';

const SCENARIO = fileURLToPath(new URL('./sipp/caller.xml', import.meta.url));

export interface SipCaller {
  /** Resolves with SIPp's exit code once the call is over (0: it ended as the scenario expects). */
  readonly done: Promise<number>;
  /** Makes the caller type *6 in the running call. */
  pressStarSix(): Promise<void>;
  /** The loudness (dBFS) of what the caller received over the next `seconds`; -Infinity for nothing. */
  heardLevel(seconds: number): Promise<number>;
  output(): string;
  stop(): void;
}

/** A sine tone as the 8 kHz μ-law WAV SIPp streams. */
function writeTone(dir: string, hz: number): void {
  const rate = 8000;
  const samples = new Int16Array(rate * 5);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate));
  const data = Buffer.from(alawmulaw.mulaw.encode(samples));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(7, 20); // μ-law
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(join(dir, 'tone.wav'), Buffer.concat([header, data]));
}

function boundUdp(port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => socket.bind(port, '127.0.0.1', () => resolve(socket)));
}

/** Calls moot at `target` (host:port) from `number` over UDP (or TCP), typing `keys` once answered. */
export async function callMoot(target: string, options: { keys: string; number: string; toneHz?: number; callId: string; tcp?: boolean }): Promise<SipCaller> {
  const dir = makeTempDir('moot-sipp-');
  writeTone(dir, options.toneHz ?? 660);
  const [listenPort, sipPort, mediaPort] = await Promise.all([freePort(), freePort(), freePort()]);
  writeFileSync(join(dir, 'calls.csv'), `SEQUENTIAL\n${options.keys};${listenPort};${options.number};\n`);
  const listen = await boundUdp(listenPort);
  const control = await boundUdp(0);
  let heard: Buffer[] = [];
  listen.on('message', (packet) => heard.push(packet.subarray(12)));
  let out = '';
  const child: ChildProcess = spawn(
    'sipp',
    ['-sf', SCENARIO, '-inf', join(dir, 'calls.csv'), '-m', '1', '-i', '127.0.0.1', '-mi', '127.0.0.1', '-p', String(sipPort), '-mp', String(mediaPort), '-cid_str', options.callId, '-nostdin', '-timeout', '180s', '-trace_err', ...(options.tcp ? ['-t', 't1'] : []), target],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  void done.then(() => {
    listen.close();
    control.close();
  });
  let cseq = 100;
  return {
    done,
    output: () => out,
    stop: () => child.kill('SIGKILL'),
    async pressStarSix() {
      const info = [
        `INFO sip:caller@127.0.0.1:${sipPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${control.address().port};branch=z9hG4bK-test-${cseq}`,
        'From: <sip:moot@127.0.0.1>;tag=test',
        'To: <sip:caller@127.0.0.1>',
        `Call-ID: ${options.callId}`,
        `CSeq: ${cseq++} INFO`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      await new Promise<void>((resolve) => control.send(info, sipPort, '127.0.0.1', () => resolve()));
    },
    async heardLevel(seconds: number) {
      heard = [];
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const samples = heard.flatMap((payload) => [...alawmulaw.mulaw.decode(payload)]);
      if (samples.length === 0) return -Infinity;
      const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
      return rms === 0 ? -Infinity : 20 * Math.log10(rms / 32768);
    },
  };
}
