import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownFile } from './markdown.ts';

test('the notes download as Markdown titled with the room and the day, under a name file systems accept', () => {
  const file = markdownFile('Team: a/b', '- first point\n- second point\n\n', new Date('2026-03-04T10:00:00Z'));
  assert.equal(file.name, 'Team- a-b 2026-03-04.md');
  assert.equal(file.content, '# Team: a/b (2026-03-04)\n\n- first point\n- second point\n');
});
