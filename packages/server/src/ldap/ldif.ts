import type { DirectoryEntry } from './entry.ts';

export class LdifError extends Error {
  constructor(line: number, message: string) {
    super(`LDIF line ${line}: ${message}`);
  }
}

/**
 * Parses an LDIF dump (RFC 2849 content records, as slapcat or ldapsearch -L print them): folded
 * lines, comments, base64 values (`::`), attribute options (dropped: `cn;lang-de` counts as cn).
 * Change records other than `changetype: add` are refused: a dump describes entries, not edits.
 * No npm LDIF parser is maintained, hence this one.
 */
export function parseLdif(text: string): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  let current: DirectoryEntry | undefined;
  for (const { line, number } of unfold(text)) {
    if (line === '') {
      if (current) entries.push(current);
      current = undefined;
      continue;
    }
    const { name, value } = attributeLine(line, number);
    if (!current) {
      if (name === 'version') continue;
      if (name !== 'dn') throw new LdifError(number, `a record must start with "dn:", found "${name}:"`);
      current = { dn: value, attributes: new Map() };
      continue;
    }
    if (name === 'dn') throw new LdifError(number, 'a second "dn:" without a blank line before it');
    if (name === 'changetype') {
      if (value.toLowerCase() !== 'add') throw new LdifError(number, `"changetype: ${value}" is not part of a dump`);
      continue;
    }
    const list = current.attributes.get(name);
    if (list) list.push(value);
    else current.attributes.set(name, [value]);
  }
  if (current) entries.push(current);
  return entries;
}

/** Logical lines: continuation lines (starting with one space) joined, comments dropped. */
function* unfold(text: string): Generator<{ line: string; number: number }> {
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let pending: { line: string; number: number } | undefined;
  let inComment = false;
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i]!;
    if (raw.startsWith(' ')) {
      if (inComment) continue;
      if (!pending) throw new LdifError(i + 1, 'a continuation line with nothing to continue');
      pending.line += raw.slice(1);
      continue;
    }
    if (pending) yield pending;
    pending = undefined;
    inComment = raw.startsWith('#');
    if (inComment) continue;
    pending = { line: raw, number: i + 1 };
  }
  if (pending) yield pending;
}

function attributeLine(line: string, number: number): { name: string; value: string } {
  const match = /^([A-Za-z0-9][A-Za-z0-9.;-]*):(:|<)?\s*(.*)$/.exec(line);
  if (!match) throw new LdifError(number, `not an "attribute: value" line: ${JSON.stringify(line.slice(0, 60))}`);
  const name = match[1]!.split(';')[0]!.toLowerCase();
  const kind = match[2];
  const raw = match[3]!;
  if (kind === '<') throw new LdifError(number, `values from URLs are not supported (${name})`);
  if (kind === ':') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) throw new LdifError(number, `bad base64 value for ${name}`);
    return { name, value: Buffer.from(raw, 'base64').toString('utf8') };
  }
  return { name, value: raw };
}
