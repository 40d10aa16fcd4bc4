import type { GreenlightData, GreenlightRoomOptions } from './model.ts';
import type { Query } from './source.ts';
import { code, flag, text, time } from './values.ts';

/** Greenlight 3's user status enum: 0 active, 1 pending approval, 2 banned. */
const ACTIVE = 0;

export async function readGreenlight3(query: Query): Promise<GreenlightData> {
  // Whole rows as JSON: columns added by later Greenlight 3 releases may be missing from older databases.
  const users = await query(`SELECT to_jsonb(u) AS u, r.name AS role FROM users u LEFT JOIN roles r ON r.id = u.role_id ORDER BY u.created_at, u.id`);
  const rooms = await query(`SELECT to_jsonb(r) AS r FROM rooms r ORDER BY r.created_at, r.id`);
  const options = await query(
    `SELECT o.room_id::text AS room_id, m.name, o.value FROM room_meeting_options o JOIN meeting_options m ON m.id = o.meeting_option_id`,
  );
  const shares = await query(`SELECT id::text AS id, room_id::text AS room_id, user_id::text AS user_id FROM shared_accesses ORDER BY created_at, id`);
  const forced = await siteWideOptions(query);

  const optionsByRoom = new Map<string, Record<string, string | null>>();
  for (const o of options) {
    const room = String(o.room_id);
    optionsByRoom.set(room, { ...optionsByRoom.get(room), [String(o.name)]: text(o.value) });
  }

  return {
    version: 3,
    users: users.map(({ u, role }) => {
      const row = u as Record<string, unknown>;
      return {
        id: String(row.id),
        email: text(row.email),
        name: text(row.name) ?? '',
        passwordDigest: text(row.password_digest),
        admin: role === 'Administrator',
        active: row.status === undefined || row.status === null || row.status === ACTIVE,
        deleted: false,
        createdAt: time(row.created_at),
      };
    }),
    rooms: rooms.map(({ r }) => {
      const row = r as Record<string, unknown>;
      return {
        id: String(row.id),
        ownerId: String(row.user_id),
        name: text(row.name) ?? '',
        path: `/rooms/${String(row.friendly_id)}`,
        meetingId: text(row.meeting_id),
        deleted: false,
        createdAt: time(row.created_at),
        options: roomOptions({ ...optionsByRoom.get(String(row.id)), ...forced }),
      };
    }),
    shares: shares.map((s) => ({ id: String(s.id), roomId: String(s.room_id), userId: String(s.user_id) })),
  };
}

/**
 * An administrator may force an option on or off for every room ('true'/'false'; 'optional' and
 * 'default_enabled' leave it to the room). A forced-off access code is no code.
 */
async function siteWideOptions(query: Query): Promise<Record<string, string | null>> {
  const [table] = await query(`SELECT to_regclass('rooms_configurations') IS NOT NULL AS present`);
  if (!table?.present) return {};
  const rows = await query(
    `SELECT m.name, c.value FROM rooms_configurations c JOIN meeting_options m ON m.id = c.meeting_option_id WHERE c.provider = 'greenlight'`,
  );
  const forced: Record<string, string | null> = {};
  for (const { name, value } of rows) {
    if (value !== 'true' && value !== 'false') continue;
    const option = String(name);
    if (option.endsWith('AccessCode')) {
      if (value === 'false') forced[option] = null;
    } else {
      forced[option] = value;
    }
  }
  return forced;
}

function roomOptions(o: Record<string, string | null>): GreenlightRoomOptions {
  return {
    muteOnStart: flag(o.muteOnStart),
    // A forced site-wide value reads 'true' rather than the policy's name.
    requireApproval: o.guestPolicy === 'ASK_MODERATOR' || o.guestPolicy === 'true',
    anyoneCanStart: flag(o.glAnyoneCanStart),
    allJoinAsModerator: flag(o.glAnyoneJoinAsModerator),
    requireSignIn: flag(o.glRequireAuthentication),
    viewerCode: code(o.glViewerAccessCode),
    moderatorCode: code(o.glModeratorAccessCode),
    record: o.record === undefined || o.record === null ? null : flag(o.record),
  };
}
