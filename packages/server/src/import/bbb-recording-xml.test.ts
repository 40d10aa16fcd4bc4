import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseChat, parseMetadata } from './bbb-recording-xml.ts';

test('an older metadata.xml without <meeting> takes the meeting id and name from <meta>, and the duration from start and end', () => {
  const meta = parseMetadata(`<recording><id>abc-1700000000000</id><state>published</state><published>false</published>
    <start_time>1700000000000</start_time><end_time>1700000065000</end_time>
    <meta><meetingId>00123</meetingId><meetingName>Lab &amp; Co</meetingName></meta><playback/></recording>`);
  assert.deepEqual(
    { meetingId: meta.meetingId, name: meta.name, durationMs: meta.durationMs, published: meta.published },
    { meetingId: '00123', name: 'Lab & Co', durationMs: 65000, published: false },
  );
});

test('a metadata.xml that is not a recording is refused', () => {
  assert.throws(() => parseMetadata('<popcorn/>'), /not a BigBlueButton recording/);
});

test('one chat line, and lines meant for other targets, are read as the public chat only', () => {
  const one = parseChat('<popcorn><chattimeline in="2.5" direction="down" name="Ann" message="a &lt;b&gt;bold&lt;/b&gt; word" target="chat"/></popcorn>', 0);
  assert.deepEqual(one.map((m) => [m.from.name, m.text, m.at]), [['Ann', 'a bold word', new Date(2500).toISOString()]]);
  assert.deepEqual(parseChat('<popcorn><chattimeline in="1" name="X" message="y" target="other"/></popcorn>', 0), []);
  assert.deepEqual(parseChat('<popcorn></popcorn>', 0), []);
});
