import { freshDialInPin } from '../../rooms/dial-in-pin.ts';
import type { Db } from '../../store/db.ts';
import { randomId } from '../../ids.ts';
import { randomCode } from '../../rooms/rooms.ts';
import { setRoomRecordingSettings } from '../../recordings/store.ts';
import type { ImportPlan } from './plan.ts';
import { addMember } from '../../orgs/members.ts';
import { operatorOrganization } from '../../orgs/orgs.ts';

/** The moot ids the import gave, by Greenlight id. */
export interface Applied {
  users: Map<string, string>;
  rooms: Map<string, string>;
}

/**
 * Writes the plan in one transaction, remembering each record by its Greenlight id: an
 * interrupted import leaves nothing behind, and a later run skips whatever came over.
 */
export async function applyImport(db: Db, plan: ImportPlan, defaultMaxParticipants: number): Promise<Applied> {
  const now = new Date().toISOString();
  const users = new Map<string, string>();
  const rooms = new Map<string, string>();
  for (const u of plan.users) if (u.mootId) users.set(u.greenlightId, u.mootId);
  for (const r of plan.rooms) if (r.mootId) rooms.set(r.greenlightId, r.mootId);

  await db.transaction().execute(async (trx) => {
    // An import fills the operator's own organization, like the accounts and rooms made before organizations.
    const organization = (await operatorOrganization(trx)).id;
    const remember = (kind: 'user' | 'room' | 'moderator' | 'meeting', sourceId: string, targetId: string) =>
      trx.insertInto('imported').values({ source: plan.source, kind, source_id: sourceId, target_id: targetId, imported_at: now }).execute();

    for (const u of plan.users) {
      if (u.action === 'link') await remember('user', u.greenlightId, u.mootId!);
      if (u.action !== 'create') continue;
      const id = randomId();
      await trx
        .insertInto('users')
        .values({
          id,
          email: u.email!,
          name: u.name,
          role: u.role,
          // The bcrypt digest as Greenlight kept it: the first sign-in replaces it with argon2id.
          password_hash: u.passwordDigest,
          status: u.status,
          created_at: u.createdAt,
          last_login_at: null,
          password_changed_at: null,
          ldap_uid: null,
          ldap_dn: null,
          suspended_by: u.status === 'suspended' ? 'admin' : null,
          suspended_at: u.status === 'suspended' ? now : null,
        })
        .execute();
      await addMember(trx, organization, id);
      users.set(u.greenlightId, id);
      await remember('user', u.greenlightId, id);
    }

    for (const r of plan.rooms) {
      if (r.action !== 'create') continue;
      const room = {
        id: randomId(),
        owner_id: users.get(r.ownerGreenlightId)!,
        name: r.name,
        guests: r.settings.guests,
        access_code: r.settings.guests === 'code' ? (r.settings.accessCode ?? randomCode()) : null,
        max_participants: defaultMaxParticipants,
        lobby: r.settings.lobby,
        join_muted_above: r.settings.joinMutedAbove,
        join_as_audience: 0,
        dial_in_pin: await freshDialInPin(trx),
        created_at: r.createdAt,
        organization_id: organization,
      };
      await trx.insertInto('rooms').values(room).execute();
      if (!r.settings.recordingAllowed) await setRoomRecordingSettings(trx, room.id, { allowed: false, maxAgeDays: null });
      if (r.path) await trx.insertInto('legacy_paths').values({ path: r.path, room_id: room.id, created_at: now }).execute();
      rooms.set(r.greenlightId, room.id);
      await remember('room', r.greenlightId, room.id);
      if (r.meetingId) await remember('meeting', r.meetingId, room.id);
    }

    for (const m of plan.moderators) {
      if (m.action !== 'add') continue;
      const roomId = rooms.get(m.roomGreenlightId)!;
      await trx
        .insertInto('room_moderators')
        .values({ room_id: roomId, user_id: users.get(m.userGreenlightId)!, created_at: now })
        .onConflict((oc) => oc.columns(['room_id', 'user_id']).doNothing())
        .execute();
      await remember('moderator', m.greenlightId, roomId);
    }
  });
  return { users, rooms };
}
