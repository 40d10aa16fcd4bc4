/**
 * Message catalogues of the web client and of the server's mails, in the i18next JSON v4 shape
 * that Weblate and Transifex read: `{{name}}` placeholders, and plural forms as sibling keys
 * `key_one`, `key_few`, `key_many`, `key_other` chosen by Intl.PluralRules for `count`.
 */
export type Catalogue = Readonly<Record<string, string>>;
export type Params = Readonly<Record<string, string | number>>;

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(map: Map<string, T>, locale: string, make: () => T): T {
  let value = map.get(locale);
  if (!value) map.set(locale, (value = make()));
  return value;
}

/** The message for `key` in one catalogue, or undefined when that catalogue lacks it. */
export function formatMessage(catalogue: Catalogue, locale: string, key: string, params: Params = {}): string | undefined {
  const count = params.count;
  const template =
    typeof count === 'number'
      ? (catalogue[`${key}_${cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(count)}`] ?? catalogue[`${key}_other`] ?? catalogue[key])
      : catalogue[key];
  if (template === undefined) return undefined;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(value) : value;
  });
}

/** The placeholders a message uses, to check that a translation asks for no value English lacks. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]!).sort();
}

/** `key_one` → `key`: the name a plural form is looked up by. */
export function baseKey(key: string): string {
  return key.replace(/_(zero|one|two|few|many|other)$/, '');
}

/**
 * What a translation lacks or adds against English, in words for whoever fixes it: messages and
 * plural forms missing, keys English does not have, placeholders English never fills, empty
 * messages. Empty when the translation is complete.
 */
export function catalogueProblems(english: Catalogue, translation: Catalogue, language: string): string[] {
  const problems: string[] = [];
  const englishBases = new Set(Object.keys(english).map(baseKey));
  const counted = new Set(Object.keys(english).filter((key) => baseKey(key) !== key).map(baseKey));
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const given = new Map<string, Set<string>>();
  for (const [key, message] of Object.entries(english)) {
    const names = given.get(baseKey(key)) ?? new Set(counted.has(baseKey(key)) ? ['count'] : []);
    for (const name of placeholders(message)) names.add(name);
    given.set(baseKey(key), names);
  }
  for (const base of englishBases) {
    const wanted = counted.has(base) ? categories.map((category) => `${base}_${category}`) : [base];
    for (const key of wanted) if (!(key in translation)) problems.push(`${language} lacks ${key}`);
  }
  for (const [key, message] of Object.entries(translation)) {
    const names = given.get(baseKey(key));
    if (!names) {
      problems.push(`${language} has ${key}, which English does not`);
      continue;
    }
    if (counted.has(baseKey(key)) === (baseKey(key) === key)) problems.push(`${language} ${key} is counted in English but not here, or the other way round`);
    for (const name of placeholders(message)) if (!names.has(name)) problems.push(`${language} ${key} uses {{${name}}}, which English does not fill`);
    if (!message.trim()) problems.push(`${language} ${key} is empty`);
  }
  return problems;
}
