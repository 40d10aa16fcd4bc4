import { z } from 'zod';
import { DisplayName, Email } from './common.ts';
import { LOGO_MAX_BYTES, LOGO_TYPES } from './org-plain.ts';

/** Request schemas of the organization admins' routes; paths and answers are in org-plain.ts. */

export const OrgMemberParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not an account id') });
/** An organization admin adds a person by hand: invited to set a password, as administrators do. */
export const OrgMemberBody = z.strictObject({ email: Email, name: DisplayName });
/** Make or unmake an organization admin; suspend or reactivate an account only this organization has. */
export const OrgMemberChangeBody = z
  .strictObject({ orgAdmin: z.boolean().optional(), status: z.enum(['active', 'suspended']).optional() })
  .refine((body) => body.orgAdmin !== undefined || body.status !== undefined, 'give orgAdmin or status');
export const OrgPoliciesBody = z.strictObject({
  guests: z.boolean(),
  recordings: z.boolean(),
  retentionDays: z.number().int().min(1).max(36500).nullable(),
});
export const AccentColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #1a7f5a')
  .transform((c) => c.toLowerCase());
export const OrgBrandingBody = z
  .strictObject({ name: z.string().trim().min(1, 'a name is required').max(200).optional(), color: AccentColor.nullable().optional() })
  .refine((body) => body.name !== undefined || body.color !== undefined, 'give name or color');
/** Base64 of at most LOGO_MAX_BYTES bytes; the server checks the bytes are the type named. */
export const OrgLogoBody = z.strictObject({
  contentType: z.enum(LOGO_TYPES),
  data: z.base64().max(Math.ceil(LOGO_MAX_BYTES / 3) * 4, `at most ${LOGO_MAX_BYTES / 1024} KB`),
});

export type OrgMemberBody = z.infer<typeof OrgMemberBody>;
export type OrgMemberChangeBody = z.infer<typeof OrgMemberChangeBody>;
export type OrgPoliciesBody = z.infer<typeof OrgPoliciesBody>;
export type OrgBrandingBody = z.input<typeof OrgBrandingBody>;
export type OrgLogoBody = z.infer<typeof OrgLogoBody>;
