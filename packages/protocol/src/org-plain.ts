/** Organization admins, branding and the operator's view: paths, limits and answers, without zod (see org.ts). */
import type { AdminUserView } from './rest.ts';

export const orgRoutes = {
  /** Public: the request's organization's name, accent colour and logo address. */
  branding: '/api/org',
  logo: '/api/org/logo',
  members: '/api/org-admin/members',
  member: (id: string) => `/api/org-admin/members/${id}`,
  policies: '/api/org-admin/policies',
  brandingSettings: '/api/org-admin/branding',
  brandingLogo: '/api/org-admin/branding/logo',
  audit: '/api/org-admin/audit',
  accessAudit: '/api/org-admin/access-audit',
  /** The operator's list of organizations with their usage (counts only). */
  operatorOrganizations: '/api/operator/organizations',
  organizationPage: '/organization',
  operatorPage: '/operator',
} as const;

/** Logos are PNG, JPEG or WebP only: no SVG, so a logo can never carry a script. */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];
export const LOGO_MAX_BYTES = 100 * 1024;

/** What any visitor of an organization's pages learns of it, to show its name, logo and colour. */
export interface OrgBrandingView {
  name: string;
  /** `#rrggbb`, or null for moot's own colour. */
  color: string | null;
  logoUrl: string | null;
}

/** A member as the organization's admins see them. */
export interface OrgMemberView extends AdminUserView {
  orgAdmin: boolean;
  /** Also in another organization: only the operator may suspend the account. */
  elsewhere: boolean;
}

export interface OrgPoliciesView {
  guests: boolean;
  recordings: boolean;
  /** Recordings older than this are deleted; null: the server's limit only. */
  retentionDays: number | null;
  /** The server's own limit, which the organization's may only shorten; null: none. */
  serverRetentionDays: number | null;
}

/** One organization in the operator's list: settings and counts, never names of rooms or people. */
export interface OperatorOrganizationView {
  slug: string;
  name: string;
  domain: string | null;
  operator: boolean;
  suspended: boolean;
  quotas: { rooms: number | null; participants: number | null; recordingBytes: number | null };
  usage: { members: number; rooms: number; liveMeetings: number; liveParticipants: number; recordingBytes: number };
}
