import { z } from 'zod';

/** What appears in `/o/<slug>/`: lower-case letters, digits and inner hyphens. */
export const OrgSlug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, '1 to 40 lower-case letters, digits or inner hyphens');

/** A host name the reverse proxy sends here (no port, no scheme); compared lower-case. */
export const OrgDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, 'a host name such as meet.partner.example');

export const OrgName = z.string().trim().min(1, 'a name is required').max(200);

/** A quota: a whole number from 0, or `none` to lift it. */
export const Quota = z
  .string()
  .regex(/^(none|\d{1,15})$/, 'a whole number, or none')
  .transform((v) => (v === 'none' ? null : Number(v)));
