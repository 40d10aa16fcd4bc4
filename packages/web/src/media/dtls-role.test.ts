import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAsDtlsServer } from './dtls-role.ts';

const answer = (setup: string) =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 'm=video 9 UDP/TLS/RTP/SAVPF 96', `a=setup:${setup}`, 'a=mid:0', 'm=video 9 UDP/TLS/RTP/SAVPF 96', `a=setup:${setup}`, 'a=mid:1', ''].join('\r\n');

test('an answer taking the DTLS client side takes the server side in every media section, line endings kept', () => {
  assert.equal(answerAsDtlsServer(answer('active')), answer('passive'));
});

test('an answer already on the server side, or with newline-only endings, is changed only where it says active', () => {
  assert.equal(answerAsDtlsServer(answer('passive')), answer('passive'));
  assert.equal(answerAsDtlsServer('a=setup:active\na=setup:actpass\n'), 'a=setup:passive\na=setup:actpass\n');
});
