/** Values bound in one query: well under SQLite's (32 766) and PostgreSQL's (65 535) limits on parameters. */
export const VALUES_PER_QUERY = 500;

/** Splits a list for `IN (…)` queries that must stay under the engines' limits on bound parameters. */
export function inBatches<T>(items: readonly T[], size = VALUES_PER_QUERY): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
