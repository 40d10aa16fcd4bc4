import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { test } from 'node:test';
import OpusScript from 'opusscript';
import { CallMedia } from './call-media.ts';
import { Prompts } from './prompts.ts';
import { parseRtp } from './rtp.ts';

async function loopback(): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}

/**
 * What reached `socket` from sends made before this call: a probe sent now queues behind them on
 * loopback, so everything before it is all there was.
 */
async function receivedSoFar(socket: Socket): Promise<Buffer[]> {
  const probe = Buffer.from('probe');
  const got: Buffer[] = [];
  const done = new Promise<void>((resolve) =>
    socket.on('message', function listener(data) {
      if (!data.equals(probe)) return void got.push(data);
      socket.off('message', listener);
      resolve();
    }),
  );
  socket.send(probe, socket.address().port, '127.0.0.1');
  await done;
  return got;
}

test('a seat hears from the call as soon as it is connected, before the caller sends any audio (the mixer sends a plain-RTP seat nothing until then)', async () => {
  const phone = await loopback();
  const mixer = await loopback();
  const media = new CallMedia(
    { codec: 'pcmu', payloadType: 0, keysPayloadType: undefined, remote: { host: '127.0.0.1', port: phone.address().port } },
    await loopback(),
    await loopback(),
    Prompts.load(),
  );
  const decoder = new OpusScript(48000, 1);
  try {
    media.connectMixer({ host: '127.0.0.1', port: mixer.address().port });
    const got = await receivedSoFar(mixer);
    assert.equal(got.length, 1, 'one packet towards the mixer');
    const packet = parseRtp(got[0]!);
    assert.ok(packet);
    assert.equal(packet.payloadType, media.mixerEndpoint.payloadType);
    const pcm = decoder.decode(packet.payload);
    assert.equal(pcm.length / 2, 960, 'one 20 ms Opus frame');
    let peak = 0;
    for (let i = 0; i < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
    assert.ok(peak < 33, `silence, apart from the codec's rounding (peak ${peak})`);
  } finally {
    decoder.delete();
    media.close();
    phone.close();
    mixer.close();
  }
});

test('connecting a call that has already ended sends nothing and does not throw', async () => {
  const mixer = await loopback();
  const media = new CallMedia({ codec: 'pcma', payloadType: 8, keysPayloadType: undefined, remote: { host: '127.0.0.1', port: 9 } }, await loopback(), await loopback(), Prompts.load());
  try {
    media.close();
    media.connectMixer({ host: '127.0.0.1', port: mixer.address().port });
    assert.deepEqual(await receivedSoFar(mixer), []);
  } finally {
    mixer.close();
  }
});
