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
  };
}
