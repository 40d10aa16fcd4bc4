import type { GreenlightData, GreenlightRoomOptions } from './model.ts';
import type { Query } from './source.ts';
import { code, flag, text, time } from './values.ts';

const ADMIN_ROLES = new Set(['admin', 'super_admin']);
/** Accounts waiting for approval or refused it. */
const INACTIVE_ROLES = new Set(['pending', 'denied']);

export async function readGreenlight2(query: Query): Promise<GreenlightData> {
  // Whole rows as JSON: columns added by later Greenlight 2 releases may be missing from older databases.
  const users = await query(`SELECT to_jsonb(u) AS u, r.name AS role FROM users u LEFT JOIN roles r ON r.id = u.role_id ORDER BY u.id`);
  const rooms = await query(`SELECT to_jsonb(r) AS r FROM rooms r ORDER BY r.id`);
  const shares = await query(`SELECT id::text AS id, room_id::text AS room_id, user_id::text AS user_id FROM shared_accesses ORDER BY id`);

  return {
    version: 2,
    users: users.map(({ u, role }) => {
      const row = u as Record<string, unknown>;
      const roleName = typeof role === 'string' ? role : '';
      return {
        id: String(row.id),
        email: text(row.email),
        name: text(row.name) ?? '',
        passwordDigest: text(row.password_digest),
        admin: ADMIN_ROLES.has(roleName),
        active: !INACTIVE_ROLES.has(roleName),
        deleted: row.deleted === true,
        createdAt: time(row.created_at),
      };
    }),
    rooms: rooms.map(({ r }) => {
      const row = r as Record<string, unknown>;
      return {
        id: String(row.id),
        ownerId: String(row.user_id),
        name: text(row.name) ?? '',
        path: `/b/${String(row.uid)}`,
        meetingId: text(row.bbb_id),
        deleted: row.deleted === true,
        createdAt: time(row.created_at),
        options: roomOptions(row),
      };
    }),
    shares: shares.map((s) => ({ id: String(s.id), roomId: String(s.room_id), userId: String(s.user_id) })),
  };
}

/** Greenlight 2 keeps the room's switches as a JSON string; a home room has an empty one. */
function roomOptions(row: Record<string, unknown>): GreenlightRoomOptions {
  let settings: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text(row.room_settings) ?? '{}');
    if (parsed && typeof parsed === 'object') settings = parsed as Record<string, unknown>;
  } catch {
    // A damaged settings string is a room with Greenlight's defaults.
  }
  return {
    muteOnStart: flag(settings.muteOnStart),
    requireApproval: flag(settings.requireModeratorApproval),
    anyoneCanStart: flag(settings.anyoneCanStart),
    allJoinAsModerator: flag(settings.joinModerator),
    requireSignIn: false,
    viewerCode: code(row.access_code),
    moderatorCode: code(row.moderator_access_code),
    record: settings.recording === undefined ? null : flag(settings.recording),
  };
}
