import type { Db } from '../store/db.ts';
import { operatorOrganization } from '../orgs/orgs.ts';
import { organizationSettings, setOrganizationPolicies } from '../orgs/settings.ts';

/**
 * Settings an administrator changes at run time (the config file holds the rest). Each
 * organization has its own; without one named, the operator's organization's.
 */
export interface Settings {
  /** Guests may join rooms that allow them. Off by default: least privilege. */
  guests: boolean;
}

async function organizationId(db: Db, given: string | undefined): Promise<string> {
  return given ?? (await operatorOrganization(db)).id;
}

export async function getSettings(db: Db, organization?: string): Promise<Settings> {
  const { guests } = await organizationSettings(db, await organizationId(db, organization));
  return { guests };
}

export async function setSetting<K extends keyof Settings>(db: Db, key: K, value: Settings[K], organization?: string): Promise<void> {
  await setOrganizationPolicies(db, await organizationId(db, organization), { [key]: value });
}
