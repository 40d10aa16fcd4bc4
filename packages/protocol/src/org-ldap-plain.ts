/** An organization's own LDAP directory, as its admins see and set it: path and view, without schemas. */

export const orgLdapRoutes = {
  /** GET: the directory settings (404 without); PUT: set them; DELETE: remove them. */
  directory: '/api/org/identity/ldap',
} as const;

export interface OrgLdapView {
  url: string;
  insecure: boolean;
  caCert: string | null;
  bindDn: string | null;
  /** The bind password is write-only: only whether one is stored shows. */
  hasBindPassword: boolean;
  baseDn: string;
  filter: string;
  uidAttribute: string;
  nameAttribute: string;
  mailAttribute: string;
  adminGroup: string | null;
  syncIntervalMinutes: number;
  passwordSignIn: boolean;
}
