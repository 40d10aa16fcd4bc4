import { orgRoutes, type OrgBrandingView } from '@moot/protocol';
import type { Db } from '../store/db.ts';
import type { Organization } from './orgs.ts';
import { organizationSettings } from './settings.ts';

/** What any visitor may know of an organization to show it: name, colour, logo. The logo's path is under the organization's pages. */
export async function brandingView(db: Db, org: Organization): Promise<OrgBrandingView> {
  const { color, logoVersion } = await organizationSettings(db, org.id);
  return { name: org.name, color, logoUrl: logoVersion ? `${orgRoutes.logo}?v=${logoVersion}` : null };
}
