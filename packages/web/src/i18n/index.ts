import { signal } from '@preact/signals';
import type english from './locales/en.json';
import { chooseLanguage, direction, formatMessage, type Catalogue, type Language, type Params } from '@moot/protocol/plain';

type Plural = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
/** Every message English has; plural forms are asked for by their base name. */
export type MessageKey = keyof typeof english extends infer K ? (K extends `${infer Base}_${Plural}` ? Base : K) : never;

const STORAGE_KEY = 'moot.language';

/** Each catalogue is its own chunk: a visitor downloads English and their language, nothing else. */
const loaders: Record<Language, () => Promise<{ default: Catalogue }>> = {
  en: () => import('./locales/en.json'),
  de: () => import('./locales/de.json'),
  es: () => import('./locales/es.json'),
  fr: () => import('./locales/fr.json'),
  'pt-BR': () => import('./locales/pt-BR.json'),
  ru: () => import('./locales/ru.json'),
  fa: () => import('./locales/fa.json'),
  'zh-CN': () => import('./locales/zh-CN.json'),
};

interface Loaded {
  language: Language;
  messages: Catalogue;
  /** English fills any message a translation does not have yet. */
  fallback: Catalogue;
}

const loaded = signal<Loaded>({ language: 'en', messages: {}, fallback: {} });

/** The language shown; reading it in a component re-renders that component when it changes. */
export function currentLanguage(): Language {
  return loaded.value.language;
}

/** The message for `key` in the current language, its `{{placeholders}}` filled from `params`. */
export function t(key: MessageKey, params?: Params): string {
  const { language, messages, fallback } = loaded.value;
  return formatMessage(messages, language, key, params) ?? formatMessage(fallback, 'en', key, params) ?? key;
}

const numberFormats = new Map<Language, Intl.NumberFormat>();

/** A number in the current language's digits (Persian writes ۱۲ for 12). */
export function formatNumber(value: number): string {
  const { language } = loaded.value;
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(language)));
  return format.format(value);
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be off (private windows, strict settings): the browser's languages decide.
    return null;
  }
}

/** Shows `messages` from now on; English fills what they lack. Tests outside a browser call it directly. */
export function showCatalogue(language: Language, messages: Catalogue, fallback: Catalogue): void {
  loaded.value = { language, messages, fallback };
}

async function load(language: Language): Promise<void> {
  const [messages, fallback] = await Promise.all([loaders[language](), loaders.en()]);
  showCatalogue(language, messages.default, fallback.default);
  document.documentElement.lang = language;
  document.documentElement.dir = direction(language);
}

/** Loads the remembered or the browser's language; the app renders once it is here. */
export function startLanguage(): Promise<void> {
  return load(chooseLanguage(storedLanguage(), navigator.languages));
}

/** The picker's choice: shown at once and remembered on this browser. */
export async function pickLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but still shown for this visit.
  }
  await load(language);
}
