/** One directory entry, as read from a server or an LDIF file: attribute names lower-cased. */
export interface DirectoryEntry {
  dn: string;
  attributes: Map<string, string[]>;
}

export function values(entry: DirectoryEntry, attribute: string): string[] {
  return entry.attributes.get(attribute.toLowerCase()) ?? [];
}

export function first(entry: DirectoryEntry, attribute: string): string | undefined {
  return values(entry, attribute)[0];
}

/**
 * A comparable form of a DN or a case-ignoring value: lower case, no spaces around `,` `=` `+`.
 * Close enough to distinguishedNameMatch/caseIgnoreMatch for the values a directory holds.
 */
export function normalizeValue(value: string): string {
  return value.trim().replace(/\s*([,=+])\s*/g, '$1').toLowerCase();
}
