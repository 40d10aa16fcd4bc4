import { z } from 'zod';

/** Single sign-on: the schemas of what providers and browsers send back. */
export * from './sso-plain.ts';

/** Where the person goes after signing in: a path of this site only. */
const LocalPath = z.string().max(2000).regex(/^\/(?![/\\])/, 'must be a path on this site');

export const SsoStartQuery = z.strictObject({
  next: LocalPath.default('/'),
  /** `confirm`: a fresh sign-in at the provider that stands for typing the password again. */
  purpose: z.enum(['sign-in', 'confirm']).default('sign-in'),
});
export type SsoStartQuery = z.infer<typeof SsoStartQuery>;

export const SsoProviderParams = z.strictObject({ provider: z.string().regex(/^[a-z0-9-]{1,32}$/) });

export const BackchannelLogoutBody = z.strictObject({ logout_token: z.string().min(1).max(16_384) });

export const SamlPostBody = z.strictObject({
  SAMLResponse: z.string().min(1).max(256 * 1024),
  RelayState: z.string().max(200).optional(),
});

/** A SAML logout request or answer on the HTTP-POST binding. */
export const SamlLogoutPostBody = z.union([
  z.strictObject({ SAMLRequest: z.string().min(1).max(64 * 1024), RelayState: z.string().max(200).optional() }),
  z.strictObject({ SAMLResponse: z.string().min(1).max(64 * 1024), RelayState: z.string().max(200).optional() }),
]);
