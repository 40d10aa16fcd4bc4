// Lists the licence of every package moot runs with (the production dependency tree, as npm
// resolved it into node_modules) and fails when one is not known to be compatible with the
// AGPL-3.0-or-later moot is under. Run: npm run licences [-- --json]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import parse from 'spdx-expression-parse';

/**
 * Licences whose code may be combined with AGPL-3.0-or-later code and conveyed under the AGPL
 * (permissive ones, the weak copylefts whose terms allow it, and the GNU licences from version 3
 * on). An identifier missing here is not necessarily incompatible: it needs reading before it is
 * added.
 */
export const COMPATIBLE = new Set([
  '0BSD',
  'AGPL-3.0-only',
  'AGPL-3.0-or-later',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
  'ISC',
  'LGPL-2.1-or-later',
  'LGPL-3.0-only',
  'LGPL-3.0-or-later',
  'MIT',
  'MIT-0',
  'MPL-2.0',
  'Python-2.0',
  'Unlicense',
  'WTFPL',
  'Zlib',
]);

/**
 * Packages whose package.json names no licence, by the licence their own licence file holds (read
 * by a person). Keyed by version: a new version is read again before it is trusted.
 */
export const READ_FROM_LICENCE_FILE: Record<string, string> = {
  'sip@0.0.6': 'MIT',
};

export interface PackageLicence {
  name: string;
  version: string;
  /** The SPDX expression the package declares, or what it wrote instead. */
  licence: string;
  compatible: boolean;
}

interface NpmNode {
  name?: string;
  version?: string;
  license?: unknown;
  licenses?: unknown;
  location: string;
}

type Expression = ReturnType<typeof parse>;

function allows(expression: Expression): boolean {
  if ('conjunction' in expression) {
    return expression.conjunction === 'or' ? allows(expression.left) || allows(expression.right) : allows(expression.left) && allows(expression.right);
  }
  // "GPL-3.0+" means that version or later, which the plain identifier's entry already judges;
  // an exception (such as a linking exception) only ever widens what a licence allows.
  return COMPATIBLE.has(expression.license);
}

/** Whether an SPDX licence expression lets its package be part of an AGPL-3.0-or-later program. */
export function isCompatible(licence: string): boolean {
  try {
    return allows(parse(licence));
  } catch {
    return false;
  }
}

/** The licence a package.json declares: the SPDX `license` string, or the legacy object and list forms. */
export function declaredLicence(pkg: Pick<NpmNode, 'license' | 'licenses'>): string {
  const typeOf = (entry: unknown) => (typeof entry === 'string' ? entry : typeof entry === 'object' && entry && 'type' in entry ? String(entry.type) : '');
  if (pkg.license !== undefined) return typeOf(pkg.license) || 'unknown';
  if (Array.isArray(pkg.licenses) && pkg.licenses.length) {
    const ids = pkg.licenses.map(typeOf);
    return ids.length === 1 ? ids[0]! : `(${ids.join(' OR ')})`;
  }
  return 'none declared';
}

/** Every package of the production tree under `root` once, by name and version. */
export function productionLicences(root: string): PackageLicence[] {
  const nodes = JSON.parse(execFileSync('npm', ['query', '.prod'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as NpmNode[];
  const byId = new Map<string, PackageLicence>();
  for (const node of nodes) {
    const name = node.name ?? node.location;
    const version = node.version ?? '';
    const licence = READ_FROM_LICENCE_FILE[`${name}@${version}`] ?? declaredLicence(node);
    byId.set(`${name}@${version}`, { name, version, licence, compatible: isCompatible(licence) });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const list = productionLicences(root);
  const refused = list.filter((p) => !p.compatible);
  if (process.argv.includes('--json')) console.log(JSON.stringify(list, null, 2));
  else for (const p of list) console.log(`${p.compatible ? ' ' : '!'} ${p.name}@${p.version}  ${p.licence}`);
  console.error(`${list.length} packages; ${refused.length ? `not known to be compatible with AGPL-3.0-or-later: ${refused.map((p) => `${p.name}@${p.version} (${p.licence})`).join(', ')}` : 'all compatible with AGPL-3.0-or-later'}`);
  process.exit(refused.length ? 1 : 0);
}
