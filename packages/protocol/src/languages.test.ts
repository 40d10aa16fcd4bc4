/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseLanguage, direction, matchLanguage } from './languages.ts';

test('a language chosen in the picker wins over the browser’s', () => {
  assert.equal(chooseLanguage('de', ['fa-IR', 'en']), 'de');
});

test('without a choice, the first of the browser’s languages moot has is shown', () => {
  assert.equal(chooseLanguage(null, ['tlh', 'fa-IR', 'de']), 'fa');
  assert.equal(chooseLanguage(null, ['pt-PT']), 'pt-BR');
  assert.equal(chooseLanguage(null, ['zh-Hans-SG']), 'zh-CN');
  assert.equal(chooseLanguage(null, ['ja', 'ko']), 'en');
});

test('a stored value that is no language of moot is ignored', () => {
  assert.equal(chooseLanguage('xx', ['ru-RU']), 'ru');
  assert.equal(matchLanguage('klingon'), undefined);
});

test('Persian is written right to left, the others left to right', () => {
  assert.equal(direction('fa'), 'rtl');
  assert.equal(direction('de'), 'ltr');
  assert.equal(direction('zh-CN'), 'ltr');
});
