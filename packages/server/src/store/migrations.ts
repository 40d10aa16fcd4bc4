import { randomId } from '../ids.ts';
import { randomDialInPin } from '../rooms/dial-in-pin.ts';
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Schema changes, in order. Written with Kysely's schema builder only (no dialect-specific SQL)
 * so the same list migrates SQLite and PostgreSQL; the one difference, how an integer key counts
 * up, is `autoId`. Never edit a migration that has shipped: add a new one.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  const autoId = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();
  return {
  '0001_accounts_rooms': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(255)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('last_login_at', 'varchar(32)')
        .addColumn('password_changed_at', 'varchar(32)')
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('rooms')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('owner_id', 'varchar(32)', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('guests', 'varchar(8)', (c) => c.notNull().defaultTo('off'))
        .addColumn('access_code', 'varchar(32)')
        .addColumn('max_participants', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rooms_owner').on('rooms').column('owner_id').execute();
      await db.schema
        .createTable('settings')
        .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', autoId)
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('actor', 'varchar(254)', (c) => c.notNull())
        .addColumn('action', 'varchar(64)', (c) => c.notNull())
        .addColumn('target', 'varchar(254)')
        .addColumn('origin', 'varchar(128)')
        .addColumn('details', 'text')
        .execute();
    },
  },
  '0002_rooms_lobby': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('rooms').addColumn('lobby', 'varchar(8)', (c) => c.notNull().defaultTo('off')).execute();
      await db.schema.alterTable('rooms').addColumn('join_muted_above', 'integer', (c) => c.notNull().defaultTo(10)).execute();
    },
  },
  '0003_recordings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recordings')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        // Deleting a room deletes its rows, and with them the wrapped keys: its files become noise.
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('origin', 'varchar(16)', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('wrapped_key', 'text')
        .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('duration_ms', 'integer')
        .addColumn('started_by', 'varchar(254)', (c) => c.notNull())
        .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('ended_at', 'varchar(32)')
        .execute();
      await db.schema.createIndex('recordings_room').on('recordings').column('room_id').execute();
      await db.schema
        .createTable('recording_shares')
        .addColumn('recording_id', 'varchar(32)', (c) => c.notNull().references('recordings.id').onDelete('cascade'))
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('recording_shares_pk', ['recording_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('room_recording_settings')
        .addColumn('room_id', 'varchar(32)', (c) => c.primaryKey().references('rooms.id').onDelete('cascade'))
        .addColumn('allowed', 'integer', (c) => c.notNull())
        .addColumn('max_age_days', 'integer')
        .execute();
    },
  },
  '0004_accounts_directory': {
    async up(db: Kysely<unknown>) {
      // The directory identity (uid survives a renamed mail; dn is what a bind needs).
      await db.schema.alterTable('users').addColumn('ldap_uid', 'varchar(254)').execute();
      await db.schema.alterTable('users').addColumn('ldap_dn', 'varchar(1024)').execute();
      await db.schema.createIndex('users_ldap_uid').on('users').column('ldap_uid').unique().execute();
      // Who suspended the account: 'ldap' (a sync may lift it) or 'admin' (only an admin may).
      await db.schema.alterTable('users').addColumn('suspended_by', 'varchar(16)').execute();
      await db.schema.alterTable('users').addColumn('suspended_at', 'varchar(32)').execute();
      // The last password confirmation of the session: admin actions on the web need a fresh one.
      await db.schema.alterTable('sessions').addColumn('confirmed_at', 'varchar(32)').execute();
      await db.schema
        .createTable('password_resets')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('used_at', 'varchar(32)')
        .execute();
      await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
    },
  },
  '0005_room_moderators': {
    async up(db: Kysely<unknown>) {
      // A room's standing co-moderators; they go with the room or the account.
      await db.schema
        .createTable('room_moderators')
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('room_moderators_pk', ['room_id', 'user_id'])
        .execute();
      await db.schema.createIndex('room_moderators_user').on('room_moderators').column('user_id').execute();
    },
  },
  '0006_recording_share_links': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recording_share_links')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('recording_id', 'varchar(32)', (c) => c.notNull().references('recordings.id').onDelete('cascade'))
        // Only the hash of the link's token: a copy of the database opens no recording.
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('created_by', 'varchar(254)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recording_share_links_recording').on('recording_share_links').column('recording_id').execute();
    },
  },
  '0007_bbb_api': {
    async up(db: Kysely<unknown>) {
      // A BigBlueButton meetingID and the room it maps to, with the create call's parameters.
      await db.schema
        .createTable('bbb_meetings')
        .addColumn('meeting_id', 'varchar(256)', (c) => c.primaryKey())
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().unique().references('rooms.id').onDelete('cascade'))
        .addColumn('name', 'varchar(256)', (c) => c.notNull())
        .addColumn('attendee_pw', 'varchar(256)', (c) => c.notNull())
        .addColumn('moderator_pw', 'varchar(256)', (c) => c.notNull())
        .addColumn('guest_policy', 'varchar(16)', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('ended_at', 'varchar(32)')
        .execute();
      // One-time entries handed out by `join`: only the token's hash is kept.
      await db.schema
        .createTable('bbb_join_tickets')
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('name', 'varchar(256)', (c) => c.notNull())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(256)')
        .addColumn('muted', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // What the API adds to a recording: publication, its metadata, and whether its callback went out.
      await db.schema
        .createTable('bbb_recordings')
        .addColumn('recording_id', 'varchar(32)', (c) => c.primaryKey().references('recordings.id').onDelete('cascade'))
        .addColumn('published', 'integer', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('announced', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  '0008_greenlight_import': {
    async up(db: Kysely<unknown>) {
      // What an import brought in, by its id in the old system: a second run skips it.
      await db.schema
        .createTable('imported')
        .addColumn('source', 'varchar(16)', (c) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('source_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('target_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('imported_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('imported_pk', ['source', 'kind', 'source_id'])
        .execute();
      // Room addresses of the old system, answered with a permanent redirect to the room.
      await db.schema
        .createTable('legacy_paths')
        .addColumn('path', 'varchar(512)', (c) => c.primaryKey())
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('legacy_paths_room').on('legacy_paths').column('room_id').execute();
    },
  },
  '0009_dial_in_pin': {
    async up(db: Kysely<unknown>) {
      // The number a phone caller types to reach the room; every room, the old ones too, gets one.
      await db.schema.alterTable('rooms').addColumn('dial_in_pin', 'varchar(16)').execute();
      const rooms = db as unknown as Kysely<{ rooms: { id: string; dial_in_pin: string | null } }>;
      const ids = await rooms.selectFrom('rooms').select('id').execute();
      const taken = new Set<string>();
      for (const { id } of ids) {
        let pin = randomDialInPin();
        while (taken.has(pin)) pin = randomDialInPin();
        taken.add(pin);
        await rooms.updateTable('rooms').set({ dial_in_pin: pin }).where('id', '=', id).execute();
      }
      await db.schema.createIndex('rooms_dial_in_pin').unique().on('rooms').column('dial_in_pin').execute();
    },
  },
  '0010_slide_decks': {
    async up(db: Kysely<unknown>) {
      // Presentations kept with a room for its meetings; the PDFs themselves live in the data folder.
      await db.schema
        .createTable('slide_decks')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('pages', 'integer', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('uploaded_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('slide_decks_room').on('slide_decks').column('room_id').execute();
    },
  },
  '0011_poll_results': {
    async up(db: Kysely<unknown>) {
      // Closed polls, kept with the meeting they were asked in; names only for named polls.
      await db.schema
        .createTable('poll_results')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('meeting_started_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('anonymous', 'integer', (c) => c.notNull())
        .addColumn('published', 'integer', (c) => c.notNull())
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('voters', 'integer', (c) => c.notNull())
        .addColumn('names', 'text')
        .addColumn('closed_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('poll_results_room').on('poll_results').column('room_id').execute();
    },
  },
  '0012_room_documents': {
    async up(db: Kysely<unknown>) {
      // A room's whiteboard and shared notes as its last meeting left them (Yjs state, base64);
      // the notes' plain text beside it, so reading them needs no Yjs.
      await db.schema
        .createTable('room_documents')
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('name', 'varchar(16)', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('room_documents_pk', ['room_id', 'name'])
        .execute();
    },
  },
  '0013_single_sign_on': {
    async up(db: Kysely<unknown>) {
      // Who an identity provider's person is in moot: its issuer (OpenID issuer or SAML entity id)
      // and subject (sub or persistent NameID), never a name or an address that can change hands.
      await db.schema
        .createTable('sso_identities')
        .addColumn('issuer', 'varchar(1024)', (c) => c.notNull())
        .addColumn('subject', 'varchar(1024)', (c) => c.notNull())
        .addColumn('provider', 'varchar(32)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('last_sign_in_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('sso_identities_pk', ['issuer', 'subject'])
        .execute();
      await db.schema.createIndex('sso_identities_user').on('sso_identities').column('user_id').execute();
      // The provider's session behind a moot session: what its sign-out and its logout messages need.
      await db.schema
        .createTable('sso_sessions')
        .addColumn('session_id', 'varchar(64)', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
        .addColumn('provider', 'varchar(32)', (c) => c.notNull())
        .addColumn('issuer', 'varchar(1024)', (c) => c.notNull())
        .addColumn('subject', 'varchar(1024)', (c) => c.notNull())
        .addColumn('provider_session', 'varchar(1024)')
        .addColumn('logout_hint', 'text')
        .execute();
      await db.schema.createIndex('sso_sessions_subject').on('sso_sessions').columns(['issuer', 'subject']).execute();
      // Sign-ins under way (state, PKCE verifier, nonce; SAML request ids): each is used once.
      await db.schema
        .createTable('sso_requests')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('provider', 'varchar(32)', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // Assertion and logout token ids already accepted, kept until they expire: a replay is refused.
      await db.schema
        .createTable('sso_used_tokens')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '0014_livestream_destinations': {
    async up(db: Kysely<unknown>) {
      // Where a room's livestream goes. The stream key is sealed with a key derived from the
      // server key (outside the data folder): a copy of the database alone cannot stream as the room.
      await db.schema
        .createTable('livestream_destinations')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('room_id', 'varchar(32)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('url', 'varchar(1000)', (c) => c.notNull())
        .addColumn('sealed_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('livestream_destinations_room').on('livestream_destinations').column('room_id').execute();
    },
  },
  '0015_recording_meetings': {
    async up(db: Kysely<unknown>) {
      // The meeting a recording was made in (its polls are found by it) and the shared notes as
      // that meeting ended; deleting the recording deletes them.
      await db.schema
        .createTable('recording_meetings')
        .addColumn('recording_id', 'varchar(32)', (c) => c.primaryKey().references('recordings.id').onDelete('cascade'))
        .addColumn('meeting_started_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('notes', 'text')
        .addColumn('notes_kept_at', 'varchar(32)')
        .execute();
    },
  },
  '0016_janus_nodes': {
    async up(db: Kysely<unknown>) {
      // Janus nodes as the server last reported them, and which ones `moot janus drain` drained.
      await db.schema
        .createTable('janus_nodes')
        .addColumn('url', 'varchar(1000)', (c) => c.primaryKey())
        .addColumn('draining', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('state', 'varchar(16)')
        .addColumn('meetings', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('participants', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reported_at', 'varchar(32)')
        .execute();
    },
  },
  '0017_livestream_hls': {
    async up(db: Kysely<unknown>) {
      // Whether a room's livestream is also served as HLS by moot, to anyone or to holders of a
      // link whose key can be replaced (revoking the old link).
      await db.schema
        .createTable('livestream_hls')
        .addColumn('room_id', 'varchar(32)', (c) => c.primaryKey().references('rooms.id').onDelete('cascade'))
        .addColumn('access', 'varchar(16)', (c) => c.notNull())
        .addColumn('link_key', 'varchar(64)', (c) => c.notNull())
        .execute();
    },
  },
  '0018_organizations': {
    async up(db: Kysely<unknown>) {
      // Organizations hosted by this installation. The operator's own (operator = 1) is made here
      // and holds every account and room that existed before, so nothing changes for them.
      // Quotas are null when unlimited.
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('domain', 'varchar(253)', (c) => c.unique())
        .addColumn('operator', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_rooms', 'integer')
        .addColumn('max_participants', 'integer')
        .addColumn('max_recording_bytes', 'bigint')
        .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // A person may belong to several organizations, and administer some of them.
      await db.schema
        .createTable('organization_members')
        .addColumn('organization_id', 'varchar(32)', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('org_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('organization_members_pk', ['organization_id', 'user_id'])
        .execute();
      await db.schema.createIndex('organization_members_user').on('organization_members').column('user_id').execute();
      // SQLite adds a column with a foreign key only when it may be null; every row is filled below
      // and every new room names its organization.
      await db.schema.alterTable('rooms').addColumn('organization_id', 'varchar(32)', (c) => c.references('organizations.id')).execute();
      await db.schema.createIndex('rooms_organization').on('rooms').column('organization_id').execute();
      const store = db as unknown as Kysely<{
        organizations: { id: string; slug: string; name: string; operator: number; created_at: string };
        organization_members: { organization_id: string; user_id: string; org_admin: number; created_at: string };
        users: { id: string };
        rooms: { organization_id: string | null };
      }>;
      const now = new Date().toISOString();
      const id = randomId();
      await store.insertInto('organizations').values({ id, slug: 'main', name: 'Main', operator: 1, created_at: now }).execute();
      const users = await store.selectFrom('users').select('id').execute();
      for (let i = 0; i < users.length; i += 1000) {
        const members = users.slice(i, i + 1000).map((u) => ({ organization_id: id, user_id: u.id, org_admin: 0, created_at: now }));
        await store.insertInto('organization_members').values(members).execute();
      }
      await store.updateTable('rooms').set({ organization_id: id }).execute();
    },
  },
  '0019_room_audience': {
    async up(db: Kysely<unknown>) {
      // Big events: people join as audience (watching the program, no seat in the mix). Off: as before.
      await db.schema.alterTable('rooms').addColumn('join_as_audience', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '0020_organization_admins': {
    async up(db: Kysely<unknown>) {
      // What an organization's admins decide for it: guests, recordings, retention and branding.
      // Without a row: no guests, recordings allowed, the server's retention, no branding.
      await db.schema
        .createTable('organization_settings')
        .addColumn('organization_id', 'varchar(32)', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
        .addColumn('guests', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('recordings', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('retention_days', 'integer')
        .addColumn('accent_color', 'varchar(7)')
        .addColumn('logo_type', 'varchar(32)')
        // Base64 text rather than a binary column: one type in both databases, and logos are small.
        .addColumn('logo_data', 'text')
        .addColumn('logo_version', 'varchar(32)')
        .execute();
      // The organization an audit entry is about, where the action names one.
      await db.schema.alterTable('audit_log').addColumn('organization_id', 'varchar(32)').execute();
      // The server-wide guest setting becomes the operator's organization's.
      const store = db as unknown as Kysely<{
        settings: { key: string; value: string };
        organizations: { id: string; operator: number };
        organization_settings: { organization_id: string; guests: number };
      }>;
      const stored = await store.selectFrom('settings').select('value').where('key', '=', 'guests').executeTakeFirst();
      const operator = await store.selectFrom('organizations').select('id').where('operator', '=', 1).executeTakeFirstOrThrow();
      await store.insertInto('organization_settings').values({ organization_id: operator.id, guests: stored && JSON.parse(stored.value) === true ? 1 : 0 }).execute();
    },
  },
  '0021_organization_sso': {
    async up(db: Kysely<unknown>) {
      // An organization's own identity providers (the configuration's stay the operator's):
      // settings as JSON, the OpenID client secret sealed apart, like livestream stream keys.
      await db.schema
        .createTable('organization_sso_providers')
        .addColumn('organization_id', 'varchar(32)', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .addColumn('id', 'varchar(32)', (c) => c.notNull())
        .addColumn('kind', 'varchar(8)', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('sealed_secret', 'text')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('organization_sso_providers_pk', ['organization_id', 'id'])
        .execute();
      // Which organization's provider linked an identity; null: one of the configuration's.
      await db.schema.alterTable('sso_identities').addColumn('organization_id', 'varchar(32)').execute();
    },
  },
  '0022_organization_sso_guard': {
    async up(db: Kysely<unknown>) {
      // Who set a provider: the operator's (1 = no) are trusted; those set by the organization's
      // admins (the default, also for the ones stored before) reach public addresses only.
      await db.schema.alterTable('organization_sso_providers').addColumn('guarded', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    },
  },
  '0023_organization_ldap': {
    async up(db: Kysely<unknown>) {
      // An organization's own directory (the configuration's stays the operator's): settings as
      // JSON, the bind password sealed apart, like its identity providers' secrets.
      await db.schema
        .createTable('organization_ldap')
        .addColumn('organization_id', 'varchar(32)', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('sealed_password', 'text')
        .addColumn('guarded', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // A directory's uid is the membership's: two organizations' directories may both have "alice".
      // The operator's organization keeps users.ldap_uid and ldap_dn, as before.
      await db.schema.alterTable('organization_members').addColumn('ldap_uid', 'varchar(254)').execute();
      await db.schema.alterTable('organization_members').addColumn('ldap_dn', 'varchar(1000)').execute();
      await db.schema.createIndex('organization_members_ldap_uid').on('organization_members').columns(['organization_id', 'ldap_uid']).unique().execute();
    },
  },
  };
}
