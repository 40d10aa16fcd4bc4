import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { UnboundedTextPlugin } from './unbounded-text.ts';

/** Compiles PostgreSQL without a server. */
const postgres = new Kysely<{ t: { id: string } }>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
}).withPlugin(new UnboundedTextPlugin());

test('varchar(n) columns are created and added as text; other types are left as they are', () => {
  const created = postgres.schema
    .createTable('t')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('n', 'integer')
    .addColumn('big', 'bigint')
    .addColumn('note', 'text')
    .compile().sql;
  assert.equal(created, 'create table "t" ("id" text primary key, "n" integer, "big" bigint, "note" text)');
  const added = postgres.schema.alterTable('t').addColumn('pin', 'varchar(16)').compile().sql;
  assert.equal(added, 'alter table "t" add column "pin" text');
});

test('queries other than schema changes pass unchanged', () => {
  const query = postgres.selectFrom('t').selectAll().where('id', '=', 'x').compile();
  assert.equal(query.sql, 'select * from "t" where "id" = $1');
});
