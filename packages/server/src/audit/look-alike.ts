/**
 * Names that a person would read as the same: "admin", "Admin2", "adm1n", "ad.min". Each name
 * is reduced to a skeleton (lower case, accents dropped, digits read as the letters they imitate,
 * everything else but letters removed); two names look alike when their skeletons are equal or,
 * for skeletons of five letters or more, one edit apart.
 */

const imitations: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'i' };

export function skeleton(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[0-9@$!|]/g, (c) => imitations[c] ?? '')
    .replace(/[^a-z]/g, '');
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

export function looksAlike(a: string, b: string): boolean {
  const x = skeleton(a);
  const y = skeleton(b);
  if (x.length < 3 || y.length < 3) return false;
  return x === y || (Math.min(x.length, y.length) >= 5 && editDistance(x, y, 1) <= 1);
}

/**
 * Groups of items (accounts) any of whose names look alike, transitively; items alone in their
 * group are left out. `names` gives each item's names (display name, mail's local part).
 */
export function lookAlikeGroups<T>(items: T[], names: (item: T) => string[]): T[][] {
  const parent = items.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const allNames = items.map(names);
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (allNames[i]!.some((a) => allNames[j]!.some((b) => looksAlike(a, b)))) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const key = root(i);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}
