/// <reference types="node" />
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { catalogueProblems, languages } from '@moot/protocol/plain';

const folder = new URL('./locales/', import.meta.url);
const read = (language: string): Record<string, string> => JSON.parse(readFileSync(new URL(`${language}.json`, folder), 'utf8'));
const english = read('en');

test('there is one catalogue file per language of the picker, and no other', () => {
  const files = readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
  assert.deepEqual(files.sort(), [...languages].sort());
});

for (const language of languages.filter((l) => l !== 'en')) {
  test(`${language}: every English message is translated with the plural forms the language needs, no key or placeholder English lacks`, () => {
    assert.deepEqual(catalogueProblems(english, read(language), language), []);
  });
}
