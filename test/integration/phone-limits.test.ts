// What one SIP client cannot do: hold more than ten lines at once from one address, call from an
// address an IP-authenticated trunk does not list, or offer audio moot cannot speak.
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { test } from '../helpers/diagnostics.ts';
import { startInProcess } from '../helpers/in-process.ts';
import { testServerEnv } from '../helpers/moot.ts';
import { freePort, freeUdpRange } from '../helpers/ports.ts';
import { waitFor } from '../helpers/wait.ts';

const PCMU_OFFER = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
const OPUS_OFFER = PCMU_OFFER.replace('RTP/AVP 0', 'RTP/AVP 111').replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:111 opus/48000/2');

/** A bare SIP client on one UDP socket: sends INVITEs and collects the final answers by Call-ID. */
async function sipClient(): Promise<{ socket: Socket; invite(target: number, callId: string, sdp: string): void; finals: Map<string, number> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  const finals = new Map<string, number>();
  socket.on('message', (data) => {
    const text = data.toString();
    const status = /^SIP\/2\.0 (\d{3})/.exec(text);
    const callId = /\r\nCall-ID: *([^\r\n]+)/i.exec(text);
    if (status && callId && Number(status[1]) >= 200) finals.set(callId[1]!.trim(), Number(status[1]));
  });
  return {
    socket,
    finals,
    invite(target, callId, sdp) {
      const message = [
        `INVITE sip:moot@127.0.0.1:${target} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-${callId}`,
        `From: <sip:+15550009999@127.0.0.1:${port}>;tag=${callId}`,
        `To: <sip:moot@127.0.0.1:${target}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 INVITE',
        `Contact: <sip:+15550009999@127.0.0.1:${port}>`,
        'Max-Forwards: 70',
        'Content-Type: application/sdp',
        `Content-Length: ${Buffer.byteLength(sdp)}`,
        '',
        sdp,
      ].join('\r\n');
      socket.send(message, target, '127.0.0.1');
    },
  };
}

async function serverWithSip(extra: Record<string, string> = {}) {
  const sipPort = await freePort();
  const { env } = await testServerEnv({ env: { MOOT_SIP_LISTEN: `127.0.0.1:${sipPort}`, MOOT_SIP_RTP_PORTS: await freeUdpRange(40), ...extra } });
  return { server: await startInProcess(env), sipPort };
}

test('one address holds ten lines at once; the eleventh call is busy, and audio moot cannot speak is refused', async () => {
  const { server, sipPort } = await serverWithSip();
  const client = await sipClient();
  try {
    for (let i = 0; i < 11; i++) client.invite(sipPort, `line-${i}`, PCMU_OFFER);
    await waitFor(() => client.finals.size === 11 || null, { message: 'answers to eleven calls' });
    const answers = [...client.finals.values()];
    assert.equal(answers.filter((s) => s === 200).length, 10);
    assert.equal(answers.filter((s) => s === 486).length, 1);
    client.invite(sipPort, 'opus-only', OPUS_OFFER);
    await waitFor(() => client.finals.get('opus-only') ?? null, { message: 'an answer to an Opus-only offer' });
    assert.equal(client.finals.get('opus-only'), 488);
  } finally {
    client.socket.close();
    await server.stop();
  }
});

test('with a trunk listed as the only caller, a call from anywhere else is forbidden', async () => {
  const { server, sipPort } = await serverWithSip({ MOOT_SIP_ALLOW_FROM: '198.51.100.0/24' });
  const client = await sipClient();
  try {
    client.invite(sipPort, 'stranger', PCMU_OFFER);
    await waitFor(() => client.finals.get('stranger') ?? null, { message: 'an answer to a call from an unlisted address' });
    assert.equal(client.finals.get('stranger'), 403);
  } finally {
    client.socket.close();
    await server.stop();
  }
});
