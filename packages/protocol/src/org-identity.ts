import { z } from 'zod';

/** An organization's provider: its id in the sign-in addresses (`/api/auth/<kind>/<id>/…`). */
export const OrgSsoProviderParams = z.strictObject({ provider: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lower-case letters, digits and dashes, at most 32') });

const Url = z.string().trim().url().max(1024);
const Name = z.string().trim().min(1).max(60);
const AdminGroup = z.string().trim().min(1).max(200).nullable().default(null);

export const OrgOidcProviderInput = z.strictObject({
  kind: z.literal('oidc'),
  name: Name,
  issuer: Url,
  clientId: z.string().trim().min(1).max(200),
  /** Write-only; left out, the stored secret stays (a new provider needs one). */
  clientSecret: z.string().min(1).max(1000).optional(),
  scopes: z.string().trim().min(1).max(200).default('openid email profile'),
  groupsClaim: z.string().trim().min(1).max(100).default('groups'),
  /** Its people become administrators of the organization. */
  adminGroup: AdminGroup,
});

export const OrgSamlProviderInput = z.strictObject({
  kind: z.literal('saml'),
  name: Name,
  entryPoint: Url,
  idpEntityId: z.string().trim().min(1).max(1024),
  /** The IdP's signing certificate, PEM. */
  idpCert: z
    .string()
    .trim()
    .max(20_000)
    .regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/, 'a PEM certificate (-----BEGIN CERTIFICATE----- …)'),
  logoutUrl: Url.nullable().default(null),
  groupsAttribute: z.string().trim().min(1).max(200).default('groups'),
  adminGroup: AdminGroup,
  clockSkewSeconds: z.number().int().min(0).max(300).default(30),
});

export const OrgSsoProviderInput = z.discriminatedUnion('kind', [OrgOidcProviderInput, OrgSamlProviderInput]);
export type OrgSsoProviderInput = z.infer<typeof OrgSsoProviderInput>;
