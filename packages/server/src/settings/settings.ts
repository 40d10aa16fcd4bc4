import type { Db } from '../store/db.ts';

/** Server-wide settings an administrator changes at run time (the config file holds the rest). */
export interface Settings {
  /** Guests may join rooms that allow them. Off by default: least privilege. */
  guests: boolean;
}

const defaults: Settings = { guests: false };

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.selectFrom('settings').selectAll().where('key', 'in', Object.keys(defaults)).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...defaults, ...stored } as Settings;
}

export async function setSetting<K extends keyof Settings>(db: Db, key: K, value: Settings[K]): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}
