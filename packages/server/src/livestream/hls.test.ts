import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hlsView, mayWatch, playlistFor, SEGMENT_TOKEN_SECONDS, type HlsSetting } from './hls.ts';

const room = 'Qroom0000000000000000a';
const linked: HlsSetting = { access: 'link', linkKey: 'link-key-4f0c9e2b7a' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** What a reverse proxy's access log keeps of a request: its path and query. */
const logged = (url: string) => {
  const { pathname, search } = new URL(url, 'https://moot.example.org');
  return `${pathname}${search}`;
};
const playlist = '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:1796012677\n#EXTINF:2.0,\nseg-1796012677.ts\n#EXTINF:2.0,\nseg-1796012678.ts\n';
const t0 = Date.parse('2026-11-30T10:00:00Z');

test('a link holds its key as the password of its user info: neither its path nor its query, which logs keep, carries it', () => {
  const { url } = hlsView('https://moot.example.org/', room, linked);
  const link = new URL(url!);
  assert.equal(link.password, linked.linkKey);
  assert.equal(link.username, 'live');
  assert.equal(logged(url!), `/live/${room}/index.m3u8`);
  assert.ok(!logged(url!).includes(linked.linkKey));
  assert.equal(hlsView('https://moot.example.org', room, { access: 'public', linkKey: 'x' }).url, `https://moot.example.org/live/${room}/index.m3u8`);
});

test('the playlist opens with the current link’s key sent as Basic password, never with its logged address alone', () => {
  const file = 'index.m3u8';
  assert.ok(mayWatch(linked, { roomId: room, file, authorization: basic('live', linked.linkKey) }, t0));
  assert.ok(!mayWatch(linked, { roomId: room, file }, t0), 'the address a log keeps');
  assert.ok(!mayWatch(linked, { roomId: room, file, authorization: basic('live', 'link-key-4f0c9e2b7b') }, t0), 'another key');
  assert.ok(!mayWatch({ ...linked, linkKey: 'a-new-link-key' }, { roomId: room, file, authorization: basic('live', linked.linkKey) }, t0), 'the replaced link');
  assert.ok(!mayWatch({ access: 'off', linkKey: '' }, { roomId: room, file, authorization: basic('live', '') }, t0), 'a room without HLS');
  assert.ok(mayWatch({ access: 'public', linkKey: 'k' }, { roomId: room, file }, t0));
});

test('a logged segment address opens that segment only, and no longer once its token expires or the link is replaced', () => {
  const served = playlistFor(playlist, linked, room, t0);
  assert.ok(!served.includes(linked.linkKey), 'the key is not in the playlist');
  const addresses = served.split('\n').filter((line) => line.startsWith('seg-'));
  assert.equal(addresses.length, 2);
  const [file, query] = addresses[0]!.split('?');
  const token = new URLSearchParams(query).get('t')!;
  const request = { roomId: room, file: file!, token };
  assert.ok(mayWatch(linked, request, t0), 'the player fetches it now');
  assert.ok(mayWatch(linked, request, t0 + (SEGMENT_TOKEN_SECONDS - 1) * 1000));
  assert.ok(!mayWatch(linked, request, t0 + (SEGMENT_TOKEN_SECONDS + 1) * 1000), 'later, from a log');
  assert.ok(!mayWatch(linked, { ...request, file: 'seg-1796012690.ts' }, t0), 'another segment');
  assert.ok(!mayWatch(linked, { ...request, roomId: 'Qroom0000000000000000b' }, t0), 'another room');
  assert.ok(!mayWatch(linked, { ...request, file: 'index.m3u8' }, t0), 'the playlist');
  assert.ok(!mayWatch({ ...linked, linkKey: 'a-new-link-key' }, request, t0), 'a replaced link');
  const [expires, mac] = token.split('.');
  assert.ok(!mayWatch(linked, { ...request, token: `${Number(expires) + 3600}.${mac}` }, t0), 'a longer expiry than signed');
});

test('a public room’s playlist is served as written', () => {
  assert.equal(playlistFor(playlist, { access: 'public', linkKey: 'k' }, room, t0), playlist);
});
