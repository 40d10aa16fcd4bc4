/// <reference types="node" />
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { baseKey, placeholders } from '@moot/protocol/plain';
import { languages, type Language } from './languages.ts';

const folder = new URL('./locales/', import.meta.url);
const read = (language: string): Record<string, string> => JSON.parse(readFileSync(new URL(`${language}.json`, folder), 'utf8'));
const english = read('en');

/** Every form a message takes in one catalogue, by the key English looks it up with. */
function byBase(catalogue: Record<string, string>): Map<string, string[]> {
  const forms = new Map<string, string[]>();
  for (const [key, message] of Object.entries(catalogue)) forms.set(baseKey(key), [...(forms.get(baseKey(key)) ?? []), message]);
  return forms;
}

const englishForms = byBase(english);
const pluralBases = new Set(Object.keys(english).filter((key) => baseKey(key) !== key).map(baseKey));

test('there is one catalogue file per language of the picker, and no other', () => {
  const files = readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
  assert.deepEqual(files.sort(), [...languages].sort());
});

for (const language of languages.filter((l): l is Exclude<Language, 'en'> => l !== 'en')) {
  const catalogue = read(language);
  const forms = byBase(catalogue);

  test(`${language}: every message English has is translated, and nothing English lacks is there`, () => {
    const missing = [...englishForms.keys()].filter((key) => !forms.has(key));
    const unknown = [...forms.keys()].filter((key) => !englishForms.has(key));
    assert.deepEqual(missing, [], `${language} misses ${missing.join(', ')}`);
    assert.deepEqual(unknown, [], `${language} has keys English does not: ${unknown.join(', ')}`);
  });

  test(`${language}: each counted message has every plural form the language needs`, () => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const base of pluralBases) {
      for (const category of categories) assert.ok(`${base}_${category}` in catalogue, `${language} lacks ${base}_${category}`);
      assert.ok(!(base in catalogue), `${language} has ${base} without a plural form`);
    }
  });

  test(`${language}: no message asks for a value English does not give`, () => {
    for (const [key, messages] of forms) {
      const given = new Set((englishForms.get(key) ?? []).flatMap(placeholders));
      if (pluralBases.has(key)) given.add('count');
      for (const name of messages.flatMap(placeholders)) assert.ok(given.has(name), `${language} ${key} uses {{${name}}}, which English does not`);
    }
  });

  test(`${language}: no message is left empty`, () => {
    for (const [key, message] of Object.entries(catalogue)) assert.ok(message.trim().length > 0, `${language} ${key} is empty`);
  });
}
