/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatPieces } from './chat-text.ts';

test('web addresses in a message become links; the text around them stays text', () => {
  assert.deepEqual(chatPieces('slides at https://example.org/deck?id=1 and more'), [
    { text: 'slides at ' },
    { text: 'https://example.org/deck?id=1', href: 'https://example.org/deck?id=1' },
    { text: ' and more' },
  ]);
});

test('punctuation ending a sentence is not part of the link', () => {
  assert.deepEqual(chatPieces('See (http://example.org/a).'), [
    { text: 'See (' },
    { text: 'http://example.org/a', href: 'http://example.org/a' },
    { text: ').' },
  ]);
});

test('only http and https become links; markup and script addresses stay plain text', () => {
  assert.deepEqual(chatPieces('javascript:alert(1) <b>x</b> ftp://example.org'), [{ text: 'javascript:alert(1) <b>x</b> ftp://example.org' }]);
  assert.deepEqual(chatPieces('"><img src=x onerror=alert(1)>'), [{ text: '"><img src=x onerror=alert(1)>' }]);
});

test('a message without addresses is one piece of text', () => {
  assert.deepEqual(chatPieces('hello'), [{ text: 'hello' }]);
  assert.deepEqual(chatPieces(''), []);
});
