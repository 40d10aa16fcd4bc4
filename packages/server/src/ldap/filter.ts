import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  FilterParser,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
  type Filter,
} from 'ldapts';
import { normalizeValue, values, type DirectoryEntry } from './entry.ts';

/**
 * Evaluates an LDAP search filter against an entry read from LDIF, so an import selects the same
 * people a live search would. ldapts parses the filter; its own `matches` handles single values
 * only, and directory attributes (memberOf, objectClass) have many.
 */
export function compileFilter(filter: string): (entry: DirectoryEntry) => boolean {
  const parsed = FilterParser.parseString(filter);
  return (entry) => evaluate(parsed, entry);
}

const text = (value: Buffer | string): string => normalizeValue(Buffer.isBuffer(value) ? value.toString('utf8') : value);

function evaluate(filter: Filter, entry: DirectoryEntry): boolean {
  if (filter instanceof AndFilter) return filter.filters.every((f) => evaluate(f, entry));
  if (filter instanceof OrFilter) return filter.filters.some((f) => evaluate(f, entry));
  if (filter instanceof NotFilter) return !evaluate(filter.filter, entry);
  if (filter instanceof PresenceFilter) return values(entry, filter.attribute).length > 0;
  const held = values(entry, (filter as unknown as { attribute: string }).attribute).map(normalizeValue);
  if (filter instanceof EqualityFilter || filter instanceof ApproximateFilter) return held.includes(text(filter.value));
  if (filter instanceof GreaterThanEqualsFilter) return held.some((v) => compare(v, text(filter.value)) >= 0);
  if (filter instanceof LessThanEqualsFilter) return held.some((v) => compare(v, text(filter.value)) <= 0);
  if (filter instanceof SubstringFilter) {
    const pattern = new RegExp(
      `^${escape(filter.initial ?? '')}.*${filter.any.map((a) => `${escape(a)}.*`).join('')}${escape(filter.final ?? '')}$`,
      's',
    );
    return held.some((v) => pattern.test(v));
  }
  throw new Error(`filter ${filter.toString()} is not supported for LDIF files`);
}

/** Numbers (shadowExpire, uidNumber) compare as numbers, the rest as text. */
function compare(a: string, b: string): number {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function escape(value: string): string {
  return normalizeValue(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
