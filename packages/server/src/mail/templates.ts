import { readFileSync } from 'node:fs';
import { chooseLanguage, formatMessage, languages, type Catalogue, type Language, type Params } from '@moot/protocol';

/**
 * Every mail moot sends, in each language of the web client. The words are in locales/<language>.json,
 * the same catalogue format as the web client's, so translators edit both the same way. Plain text
 * only: it reads the same in every client and carries nothing a filter would strip.
 */

export interface ResetMailInput {
  name: string;
  link: string;
  minutes: number;
  serverUrl: string;
}

export interface InvitationMailInput {
  name: string;
  link: string;
  days: number;
  serverUrl: string;
}

export interface MailText {
  subject: string;
  text: string;
}

interface Templates {
  reset(input: ResetMailInput): MailText;
  invitation(input: InvitationMailInput): MailText;
}

function readCatalogue(language: Language): Catalogue {
  return JSON.parse(readFileSync(new URL(`./locales/${language}.json`, import.meta.url), 'utf8')) as Catalogue;
}

const catalogues = new Map(languages.map((language) => [language, readCatalogue(language)]));

function templatesIn(language: Language): Templates {
  const say = (key: string, params: Params) => formatMessage(catalogues.get(language) ?? {}, language, key, params) ?? formatMessage(catalogues.get('en') ?? {}, 'en', key, params) ?? key;
  return {
    reset: ({ name, link, minutes, serverUrl }) => ({
      subject: say('reset.subject', {}),
      text: say('reset.text', { name, link, serverUrl, count: minutes }),
    }),
    invitation: ({ name, link, days, serverUrl }) => ({
      subject: say('invitation.subject', {}),
      text: say('invitation.text', { name, link, serverUrl, count: days }),
    }),
  };
}

/** The templates of `language` (a tag such as `de` or `pt-PT`), or English for a language moot does not have. */
export function mailTemplates(language: string): Templates {
  return templatesIn(chooseLanguage(null, [language]));
}

/**
 * The language to mail in: the first of an Accept-Language header's languages (by their q
 * weights) that moot has, else the server's configured mail language.
 */
export function mailLanguage(acceptLanguage: string | undefined, configured: string): string {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...options] = part.trim().split(';');
      const q = Number(options.map((option) => /^\s*q=([\d.]+)\s*$/.exec(option)?.[1]).find(Boolean) ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
  return chooseLanguage(null, [...ranked, configured]);
}
