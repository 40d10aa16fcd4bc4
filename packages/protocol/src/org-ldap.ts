import { z } from 'zod';

const Dn = z.string().trim().min(1).max(1000);
const Attribute = z.string().trim().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'an attribute name: letters, digits and dashes');

/**
 * An organization's own directory, as its admins set it: the fields of the server's `ldap`
 * configuration. The bind password is write-only; left out, the stored one stays.
 */
export const OrgLdapInput = z.strictObject({
  /** ldaps://host, or ldap://host (upgraded with StartTLS unless `insecure`). */
  url: z.string().trim().max(1024).regex(/^ldaps?:\/\/[^/?#\s]+\/?$/, 'ldap://host[:port] or ldaps://host[:port]'),
  /** Plain ldap:// without StartTLS: only to a host the server's operator lists. */
  insecure: z.boolean().default(false),
  /** The CA bundle (PEM) the directory's certificate is checked with; none: the system's. */
  caCert: z
    .string()
    .trim()
    .max(50_000)
    .regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/, 'a PEM certificate (-----BEGIN CERTIFICATE----- …)')
    .nullable()
    .default(null),
  bindDn: Dn.nullable().default(null),
  /** Write-only. */
  bindPassword: z.string().min(1).max(1000).optional(),
  baseDn: Dn,
  filter: z.string().trim().min(3).max(2000).regex(/^\(.*\)$/s, 'an LDAP filter in parentheses').default('(objectClass=inetOrgPerson)'),
  uidAttribute: Attribute.default('uid'),
  nameAttribute: Attribute.default('cn'),
  mailAttribute: Attribute.default('mail'),
  /** DN of a group whose people administer the organization (never the server). */
  adminGroup: Dn.nullable().default(null),
  /** Minutes between the server's syncs of this directory; 0: only by hand (`moot ldap sync --org`). */
  syncIntervalMinutes: z.number().min(0).max(10080).default(60),
  /** Sign in at the organization by binding to this directory as the person. */
  passwordSignIn: z.boolean().default(false),
});
export type OrgLdapInput = z.infer<typeof OrgLdapInput>;
