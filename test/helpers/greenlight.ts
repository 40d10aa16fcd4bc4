import bcrypt from 'bcryptjs';
import type { Postgres } from './postgres.ts';

/**
 * Greenlight databases as their Rails schemas leave them (the tables and columns an import reads,
 * beside a few it does not), seeded with accounts, rooms, settings and shared access. Passwords
 * are bcrypt digests, as Rails' has_secure_password writes them.
 */

export const GREENLIGHT_PASSWORDS = {
  alice: 'alice-greenlight-pass',
  bob: 'bob-greenlight-pass',
  dave: 'dave-greenlight-pass',
  erin: 'erin-greenlight-pass',
  frank: 'frank-greenlight-pass',
} as const;

const digest = (password: string) => bcrypt.hashSync(password, 10);

const GREENLIGHT3_SCHEMA = `
CREATE TABLE roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name varchar NOT NULL, color varchar NOT NULL DEFAULT '',
  provider varchar NOT NULL, created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name varchar NOT NULL, email varchar NOT NULL, external_id varchar,
  provider varchar NOT NULL, password_digest varchar, last_login timestamp(6), created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL, role_id uuid REFERENCES roles(id), language varchar NOT NULL, reset_digest varchar,
  reset_sent_at timestamp(6), verified boolean DEFAULT false, verification_digest varchar, verification_sent_at timestamp(6),
  session_token varchar, session_expiry timestamp(6), status integer DEFAULT 0);
CREATE UNIQUE INDEX index_users_on_email_and_provider ON users (email, provider);
CREATE TABLE rooms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid REFERENCES users(id), name varchar NOT NULL,
  friendly_id varchar NOT NULL UNIQUE, meeting_id varchar NOT NULL UNIQUE, last_session timestamp(6),
  created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL, recordings_processing integer DEFAULT 0, online boolean DEFAULT false);
CREATE TABLE meeting_options (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name varchar UNIQUE, default_value varchar,
  created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE TABLE room_meeting_options (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), room_id uuid REFERENCES rooms(id), meeting_option_id uuid REFERENCES meeting_options(id),
  value varchar, created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE TABLE rooms_configurations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), meeting_option_id uuid REFERENCES meeting_options(id), provider varchar NOT NULL,
  value varchar NOT NULL, created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE TABLE shared_accesses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid NOT NULL REFERENCES users(id), room_id uuid NOT NULL REFERENCES rooms(id),
  created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE UNIQUE INDEX index_shared_accesses_on_user_id_and_room_id ON shared_accesses (user_id, room_id);
`;

/** Every room gets a row per option, as Greenlight 3 writes them when a room is made. */
const GREENLIGHT3_OPTIONS = ['record', 'muteOnStart', 'guestPolicy', 'glAnyoneCanStart', 'glAnyoneJoinAsModerator', 'glRequireAuthentication', 'glModeratorAccessCode', 'glViewerAccessCode'];

/**
 * alice (Administrator), bob, carol (OpenID Connect, no password) and dave (banned). Alice's
 * "Team standup" has every switch on and both codes; bob's room keeps the defaults; carol's needs
 * a sign-in. Bob and carol share alice's room.
 */
export async function seedGreenlight3(db: Postgres, name: string): Promise<void> {
  await db.createDatabase(name);
  await db.query(name, GREENLIGHT3_SCHEMA);
  await db.query(name, `INSERT INTO roles (name, provider, created_at, updated_at) VALUES ('Administrator', 'greenlight', now(), now()), ('User', 'greenlight', now(), now())`);
  await db.query(name, `INSERT INTO meeting_options (name, default_value, created_at, updated_at) SELECT o, '', now(), now() FROM unnest($1::text[]) AS o`, [GREENLIGHT3_OPTIONS]);
  // Every option left to the rooms, as a fresh installation has them.
  await db.query(
    name,
    `INSERT INTO rooms_configurations (meeting_option_id, provider, value, created_at, updated_at)
     SELECT id, 'greenlight', CASE name WHEN 'record' THEN 'default_enabled' ELSE 'optional' END, now(), now() FROM meeting_options`,
  );
  const user = async (email: string, userName: string, role: string, provider: string, password: string | null, status: number) => {
    const rows = await db.query(
      name,
      `INSERT INTO users (name, email, provider, password_digest, created_at, updated_at, role_id, language, verified, status)
       VALUES ($1, $2, $3, $4, '2023-03-01 09:30:00', now(), (SELECT id FROM roles WHERE name = $5), 'en', true, $6) RETURNING id`,
      [userName, email, provider, password && digest(password), role, status],
    );
    return rows[0]!.id as string;
  };
  const alice = await user('alice@example.org', 'Alice Admin', 'Administrator', 'greenlight', GREENLIGHT_PASSWORDS.alice, 0);
  const bob = await user('bob@example.org', 'Bob Builder', 'User', 'greenlight', GREENLIGHT_PASSWORDS.bob, 0);
  const carol = await user('carol@example.org', 'Carol Cloud', 'User', 'openid_connect', null, 0);
  await user('dave@example.org', 'Dave Banned', 'User', 'greenlight', GREENLIGHT_PASSWORDS.dave, 2);

  const room = async (owner: string, roomName: string, friendlyId: string, options: Record<string, string>) => {
    const rows = await db.query(
      name,
      `INSERT INTO rooms (user_id, name, friendly_id, meeting_id, created_at, updated_at) VALUES ($1, $2, $3::varchar, md5($3::varchar), '2023-04-01 10:00:00', now()) RETURNING id`,
      [owner, roomName, friendlyId],
    );
    const id = rows[0]!.id as string;
    const values = GREENLIGHT3_OPTIONS.map((o) => options[o] ?? (o === 'guestPolicy' ? 'ALWAYS_ACCEPT' : o.endsWith('AccessCode') ? '' : 'false'));
    await db.query(
      name,
      `INSERT INTO room_meeting_options (room_id, meeting_option_id, value, created_at, updated_at)
       SELECT $1, m.id, v.value, now(), now() FROM unnest($2::text[], $3::text[]) AS v(name, value) JOIN meeting_options m ON m.name = v.name`,
      [id, GREENLIGHT3_OPTIONS, values],
    );
    return id;
  };
  const standup = await room(alice, 'Team standup', 'ali-xyz-abc-def', {
    record: 'false',
    muteOnStart: 'true',
    guestPolicy: 'ASK_MODERATOR',
    glAnyoneCanStart: 'true',
    glAnyoneJoinAsModerator: 'true',
    glViewerAccessCode: 'abc123',
    glModeratorAccessCode: 'mod999',
  });
  await room(bob, "Bob's room", 'bob-qwe-rty-uio', {});
  await room(carol, 'Seminar', 'car-aaa-bbb-ccc', { glRequireAuthentication: 'true' });
  await db.query(
    name,
    `INSERT INTO shared_accesses (user_id, room_id, created_at, updated_at) VALUES ($1, $3, now(), now()), ($2, $3, now(), now())`,
    [bob, carol, standup],
  );
}

const GREENLIGHT2_SCHEMA = `
CREATE TABLE roles (
  id bigserial PRIMARY KEY, name varchar, priority integer DEFAULT 9999, can_create_rooms boolean DEFAULT false,
  colour varchar, provider varchar, created_at timestamp NOT NULL, updated_at timestamp NOT NULL);
CREATE TABLE users (
  id bigserial PRIMARY KEY, room_id integer, provider varchar, uid varchar, name varchar, username varchar, email varchar,
  social_uid varchar, image varchar, password_digest varchar UNIQUE, accepted_terms boolean DEFAULT false,
  created_at timestamp NOT NULL, updated_at timestamp NOT NULL, email_verified boolean DEFAULT false,
  language varchar DEFAULT 'default', reset_digest varchar, reset_sent_at timestamp, activation_digest varchar,
  activated_at timestamp, deleted boolean NOT NULL DEFAULT false, role_id integer, last_login timestamp,
  failed_attempts integer, last_failed_attempt timestamp, last_pwd_update timestamp);
CREATE TABLE rooms (
  id bigserial PRIMARY KEY, user_id integer, name varchar, uid varchar, bbb_id varchar, sessions integer DEFAULT 0,
  last_session timestamp, created_at timestamp NOT NULL, updated_at timestamp NOT NULL, room_settings varchar DEFAULT '{ }',
  moderator_pw varchar, attendee_pw varchar, access_code varchar, deleted boolean NOT NULL DEFAULT false, moderator_access_code varchar);
CREATE TABLE shared_accesses (
  id bigserial PRIMARY KEY, room_id integer, user_id integer, created_at timestamp NOT NULL, updated_at timestamp NOT NULL);
`;

/**
 * erin, frank (admin), grace (deleted) and bob (whom Greenlight 3 also knows). Erin has a home
 * room with empty settings and a "Lecture" muted on start with an access code, shared with frank.
 */
export async function seedGreenlight2(db: Postgres, name: string): Promise<void> {
  await db.createDatabase(name);
  await db.query(name, GREENLIGHT2_SCHEMA);
  await db.query(name, `INSERT INTO roles (name, provider, created_at, updated_at) VALUES ('admin', 'greenlight', now(), now()), ('user', 'greenlight', now(), now())`);
  const user = async (email: string, userName: string, role: string, password: string | null, deleted = false) => {
    const rows = await db.query(
      name,
      `INSERT INTO users (provider, name, email, password_digest, created_at, updated_at, deleted, role_id)
       VALUES ('greenlight', $1, $2, $3, '2020-05-01 08:00:00', now(), $4, (SELECT id FROM roles WHERE name = $5)) RETURNING id`,
      [userName, email, password && digest(password), deleted, role],
    );
    return rows[0]!.id as string;
  };
  const erin = await user('erin@example.org', 'Erin Early', 'user', GREENLIGHT_PASSWORDS.erin);
  const frank = await user('frank@example.org', 'Frank Admin', 'admin', GREENLIGHT_PASSWORDS.frank);
  const grace = await user('grace@example.org', 'Grace Gone', 'user', null, true);
  const bob = await user('bob@example.org', 'Bob Builder', 'user', 'bob-other-password');

  const room = async (owner: string, roomName: string, uid: string, settings: string, accessCode: string | null, deleted = false) => {
    const rows = await db.query(
      name,
      `INSERT INTO rooms (user_id, name, uid, bbb_id, created_at, updated_at, room_settings, access_code, deleted)
       VALUES ($1, $2, $3::varchar, md5($3::varchar), '2020-06-01 12:00:00', now(), $4, $5, $6) RETURNING id`,
      [owner, roomName, uid, settings, accessCode, deleted],
    );
    return rows[0]!.id as string;
  };
  await room(erin, 'Home Room', 'eri-abc-def', '{ }', null);
  const lecture = await room(
    erin,
    'Lecture',
    'eri-lec-xyz',
    JSON.stringify({ muteOnStart: true, requireModeratorApproval: false, anyoneCanStart: true, joinModerator: false, recording: true }),
    '123456',
  );
  await room(grace, 'Forgotten', 'gra-old-one', '{ }', null, true);
  await room(bob, 'Old workshop', 'bob-wor-ksh', JSON.stringify({ requireModeratorApproval: true }), null);
  await db.query(name, `INSERT INTO shared_accesses (room_id, user_id, created_at, updated_at) VALUES ($1, $2, now(), now())`, [lecture, frank]);
}
