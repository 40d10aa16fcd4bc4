/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogueProblems, formatMessage } from './messages.ts';

const russian = {
  people_one: '{{count}} человек ждёт',
  people_few: '{{count}} человека ждут',
  people_many: '{{count}} человек ждут',
  people_other: '{{count}} человека ждут',
};

test('Russian counts take the one, few and many forms by the number’s last digits', () => {
  const say = (count: number) => formatMessage(russian, 'ru', 'people', { count });
  assert.equal(say(1), '1 человек ждёт');
  assert.equal(say(21), '21 человек ждёт');
  assert.equal(say(2), '2 человека ждут');
  assert.equal(say(24), '24 человека ждут');
  assert.equal(say(5), '5 человек ждут');
  assert.equal(say(11), '11 человек ждут');
  assert.equal(say(12), '12 человек ждут');
  assert.equal(say(1.5), '1,5 человека ждут');
});

test('English counts take one for 1 and other for everything else, 0 included', () => {
  const english = { people_one: '{{count}} person', people_other: '{{count}} people' };
  assert.equal(formatMessage(english, 'en', 'people', { count: 1 }), '1 person');
  assert.equal(formatMessage(english, 'en', 'people', { count: 0 }), '0 people');
  assert.equal(formatMessage(english, 'en', 'people', { count: 1200 }), '1,200 people');
});

test('a language with one form (Chinese) uses other for every count', () => {
  assert.equal(formatMessage({ people_other: '{{count}} 人' }, 'zh-CN', 'people', { count: 1 }), '1 人');
});

test('numbers are written in the language’s own digits', () => {
  assert.equal(formatMessage({ people_one: '{{count}} نفر', people_other: '{{count}} نفر' }, 'fa', 'people', { count: 12 }), '۱۲ نفر');
});

test('placeholders are filled wherever the translation puts them, text values as given', () => {
  assert.equal(formatMessage({ ended: '{{ name }} hat die Konferenz beendet.' }, 'de', 'ended', { name: 'Ada' }), 'Ada hat die Konferenz beendet.');
  assert.equal(formatMessage({ code: 'Code {{code}}' }, 'de', 'code', { code: '0042' }), 'Code 0042');
});

test('a message the catalogue lacks is undefined, so the caller can fall back to English', () => {
  assert.equal(formatMessage({}, 'de', 'missing'), undefined);
  assert.equal(formatMessage({ people_other: '{{count}} people' }, 'ru', 'people', { count: 3 }), '3 people');
});

test('a translation missing a message, a plural form or adding a placeholder is reported', () => {
  const english = { greeting: 'Hello {{name}}', people_one: '{{count}} person', people_other: '{{count}} people' };
  assert.deepEqual(catalogueProblems(english, { greeting: 'Hallo {{name}}', people_one: '{{count}} Person', people_other: '{{count}} Personen' }, 'de'), []);
  assert.deepEqual(catalogueProblems(english, { people_one: 'x', people_other: 'y' }, 'de'), ['de lacks greeting']);
  assert.deepEqual(catalogueProblems(english, { greeting: 'Привет, {{name}}', people_one: 'a', people_few: 'b', people_other: 'c' }, 'ru'), ['ru lacks people_many']);
  assert.deepEqual(catalogueProblems(english, { greeting: 'Hallo {{user}}', people_one: 'a', people_other: 'b', extra: 'c' }, 'de'), [
    'de greeting uses {{user}}, which English does not fill',
    'de has extra, which English does not',
  ]);
});
