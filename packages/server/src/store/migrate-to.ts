import { sql, type Kysely, type Transaction } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { OnProgress } from '../backup/progress.ts';
import { describeUrl, openPostgres, type Db } from './db.ts';
import type { Database } from './schema.ts';

/** A reason to leave the target untouched, said to the person running the command. */
export class MigrateError extends Error {}

export interface MigratedTable {
  table: string;
  rows: number;
}

/** Any table by name: the copy follows what the migrations made, not the compiled-in types. */
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/** PostgreSQL allows 65535 parameters in one statement; a batch stays well below. */
const PARAMETERS_PER_INSERT = 30_000;

/**
 * Rows the migrations write into an empty database (the operator's organization and its
 * settings): the copy replaces them, deleting in this order, so a row goes before the one it names.
 */
const SEEDED: Record<string, number> = { organization_settings: 1, organizations: 1 };

/** Kysely's own bookkeeping: the target has its own, written by the same migrations. */
const isMootTable = (name: string) => !name.startsWith('kysely_') && !name.startsWith('sqlite_');

/** The tables of the SQLite store, every one after the tables its foreign keys point to. */
async function dependencyOrder(source: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string; parent: string | null }>`
    select m.name as name, f."table" as parent
    from sqlite_master m left join pragma_foreign_key_list(m.name) f
    where m.type = 'table'`.execute(source);
  const parents = new Map<string, Set<string>>();
  for (const { name, parent } of rows) {
    if (!isMootTable(name)) continue;
    const set = parents.get(name) ?? new Set<string>();
    if (parent && parent !== name) set.add(parent);
    parents.set(name, set);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  while (placed.size < parents.size) {
    const ready = [...parents].filter(([name, deps]) => !placed.has(name) && [...deps].every((d) => placed.has(d))).map(([name]) => name).sort();
    if (!ready.length) throw new MigrateError('the tables\' foreign keys form a cycle: no order to copy them in');
    for (const name of ready) (placed.add(name), order.push(name));
  }
  return order;
}

async function countRows(db: AnyDb, table: string): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function columnsOf(db: AnyDb, table: string): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return (tables.find((t) => t.name === table)?.columns ?? []).map((c) => c.name).sort();
}

/** Copies one table in batches; returns the rows written. */
async function copyTable(source: AnyDb, target: AnyDb, table: string, columns: number, onRow: () => void): Promise<number> {
  const batchSize = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / Math.max(1, columns)));
  let batch: Record<string, unknown>[] = [];
  let written = 0;
  const flush = async () => {
    if (!batch.length) return;
    await target.insertInto(table).values(batch).execute();
    written += batch.length;
    batch = [];
  };
  for await (const row of source.selectFrom(table).selectAll().stream(batchSize)) {
    batch.push(row);
    onRow();
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return written;
}

/** Identity columns count on from the highest id copied, not from 1. */
async function advanceIdentities(target: Transaction<Database>): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(target);
  for (const { table_name: table, column_name: column } of rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false) from ${sql.table(table)}`.execute(target);
  }
}

/**
 * Copies every table of the SQLite store into the PostgreSQL database at `targetUrl`, in one
 * transaction: the target ends up with all of it or, on any failure, nothing. The target must hold
 * no moot data; its schema is made by the same migrations first. Each table's row count is
 * checked against the source before the commit, and the move is written to the target's audit log.
 */
export async function migrateToPostgres(
  sqliteDb: Db,
  targetUrl: string,
  actor: string,
  onProgress: OnProgress = () => undefined,
): Promise<{ target: string; tables: MigratedTable[] }> {
  const target = describeUrl(targetUrl);
  const source = sqliteDb as unknown as AnyDb;
  const postgres = await openPostgres(targetUrl);
  const anyTable = postgres as unknown as AnyDb;
  try {
    const tables = await dependencyOrder(source);
    const targetRows = await Promise.all(tables.map(async (table) => ({ table, rows: await countRows(anyTable, table) })));
    const filled = targetRows.filter((t) => t.rows > (SEEDED[t.table] ?? 0));
    if (filled.length) {
      const held = filled.map((t) => `${t.table}: ${t.rows} ${t.rows === 1 ? 'row' : 'rows'}`).join(', ');
      throw new MigrateError(`${target} already holds moot data (${held}): migrate into an empty database`);
    }
    const columns = new Map<string, number>();
    for (const table of tables) {
      const [from, to] = await Promise.all([columnsOf(source, table), columnsOf(anyTable, table)]);
      if (from.join() !== to.join()) throw new MigrateError(`table ${table} has columns ${from.join(', ')} here but ${to.join(', ')} in ${target}`);
      columns.set(table, from.length);
    }
    return await source.transaction().execute(async (reading) => {
      const expected = await Promise.all(tables.map((table) => countRows(reading, table)));
      const total = expected.reduce((a, b) => a + b, 0);
      let done = 0;
      onProgress(done, total);
      return postgres.transaction().execute(async (writing) => {
        for (const table of Object.keys(SEEDED)) await (writing as unknown as AnyDb).deleteFrom(table).execute();
        const copied: MigratedTable[] = [];
        for (const [i, table] of tables.entries()) {
          const written = await copyTable(reading, writing as unknown as AnyDb, table, columns.get(table) ?? 1, () => onProgress(++done, total)).catch((err: unknown) => {
            throw new Error(`copying table ${table} failed, so nothing was committed: ${(err as Error).message}`);
          });
          const landed = await countRows(writing as unknown as AnyDb, table);
          if (written !== expected[i] || landed !== expected[i]) {
            throw new MigrateError(`table ${table}: ${expected[i]} rows in SQLite but ${landed} in ${target}; nothing was committed`);
          }
          copied.push({ table, rows: landed });
        }
        await advanceIdentities(writing);
        await audit(writing, { actor, action: 'database.migrate', target, origin: 'cli', details: { tables: copied.length, rows: total } });
        return { target, tables: copied };
      });
    });
  } finally {
    await postgres.destroy();
  }
}
