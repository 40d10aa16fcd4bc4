/** Greenlight stores flags as booleans (Greenlight 2's JSON) or as 'true'/'false' strings (Greenlight 3). */
export function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

/** Greenlight treats an empty string as no code at all. */
export function code(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Rails writes UTC times without a zone; PostgreSQL's JSON gives them as such. */
export function time(value: unknown): string {
  if (typeof value !== 'string') return new Date().toISOString();
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
}
