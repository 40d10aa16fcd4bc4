import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { catalogueProblems, languages } from '@moot/protocol';
import { mailLanguage, mailTemplates } from './templates.ts';

const read = (language: string): Record<string, string> => JSON.parse(readFileSync(new URL(`./locales/${language}.json`, import.meta.url), 'utf8'));

for (const language of languages.filter((l) => l !== 'en')) {
  test(`${language} mails have every English message with the plural forms the language needs, no placeholder English lacks`, () => {
    assert.deepEqual(catalogueProblems(read('en'), read(language), language), []);
  });
}

const reset = { name: 'Олег', link: 'https://moot.example/password-reset/new#t', serverUrl: 'https://moot.example' };

test('a Russian reset mail counts its minutes in the right form', () => {
  const say = (minutes: number) => mailTemplates('ru').reset({ ...reset, minutes }).text;
  assert.match(say(1), /через 1 минуту\./);
  assert.match(say(21), /через 21 минуту\./);
  assert.match(say(3), /через 3 минуты\./);
  assert.match(say(60), /через 60 минут\./);
  assert.match(say(60), /Здравствуйте, Олег!/);
  assert.ok(say(60).includes(reset.link), 'the link is in the mail');
});

test('an invitation in English carries the name, the server and the days', () => {
  const mail = mailTemplates('en').invitation({ ...reset, name: 'Ivy', days: 7 });
  assert.equal(mail.subject, 'Your moot account is ready');
  assert.match(mail.text, /^Hello Ivy,\n/);
  assert.match(mail.text, /video-meeting service at https:\/\/moot\.example, was made/);
  assert.match(mail.text, /expires in 7 days\./);
});

test('a language moot lacks falls back to the nearest one, then to English', () => {
  assert.equal(mailTemplates('pt-PT').reset({ ...reset, minutes: 60 }).subject, 'Defina sua senha do moot');
  assert.equal(mailTemplates('tlh').reset({ ...reset, minutes: 60 }).subject, 'Set your moot password');
});

test('the mail language is the first one of Accept-Language that moot has, by weight, else the configured one', () => {
  assert.equal(mailLanguage('fa-IR,fa;q=0.9,en;q=0.8', 'en'), 'fa');
  assert.equal(mailLanguage('ja, de;q=0.3, fr;q=0.7', 'en'), 'fr');
  assert.equal(mailLanguage('ja, en;q=0.5', 'de'), 'en');
  assert.equal(mailLanguage('es;q=0, ru;q=0.2', 'en'), 'ru');
  assert.equal(mailLanguage(undefined, 'de'), 'de');
  assert.equal(mailLanguage('*', 'de'), 'de');
  assert.equal(mailLanguage('ja', 'xx'), 'en');
});
