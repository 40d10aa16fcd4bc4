/**
 * The protocol's plain values (paths, limits, error messages) without its zod schemas, for the
 * browser: importing the schemas would put zod in every page's bundle. Types come from the index.
 */
export * from './errors.ts';
export * from './languages.ts';
export * from './limits.ts';
export * from './messages.ts';
export * from './routes.ts';
export * from './slides-plain.ts';
export * from './livestream-plain.ts';
export * from './sso-plain.ts';
export * from './org-plain.ts';
export * from './collab-limits.ts';
export * from './version.ts';
export * from './org-identity-plain.ts';
export * from './org-ldap-plain.ts';
