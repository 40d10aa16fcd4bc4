/**
 * The languages moot speaks, in the web client and in its mails; each is named in itself so a
 * reader finds their own in the picker.
 */
export const languageNames = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
  'pt-BR': 'Português (Brasil)',
  ru: 'Русский',
  fa: 'فارسی',
  'zh-CN': '简体中文',
} as const;

export type Language = keyof typeof languageNames;

export const languages = Object.keys(languageNames) as Language[];

const rightToLeft: ReadonlySet<Language> = new Set(['fa']);

export function direction(language: Language): 'rtl' | 'ltr' {
  return rightToLeft.has(language) ? 'rtl' : 'ltr';
}

function isLanguage(tag: string): tag is Language {
  return tag in languageNames;
}

/** `pt-PT` → `pt-BR`, `zh-Hans-SG` → `zh-CN`: the nearest language moot has, or undefined. */
export function matchLanguage(tag: string): Language | undefined {
  if (isLanguage(tag)) return tag;
  const base = tag.toLowerCase().split('-')[0]!;
  return languages.find((language) => language.toLowerCase().split('-')[0] === base);
}

/** The stored choice if any, else the first of the browser's languages moot has, else English. */
export function chooseLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored && isLanguage(stored)) return stored;
  for (const tag of browser) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return 'en';
}
