import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { JanusNodes, NodeStatus } from './janus-nodes.ts';

/**
 * The Janus nodes in the database: the CLI drains and undrains them there, the running server
 * reads that and writes back each node's state and load, so `moot janus list` shows them.
 */

/** How often the server reads the drained nodes and reports its own view. */
const NODE_SYNC_MS = 3_000;
/** A report older than this means no server runs: the CLI shows the node's state as unknown. */
const STALE_REPORT_MS = 5 * NODE_SYNC_MS;

export interface NodeRecord {
  url: string;
  state: NodeStatus | 'unknown';
  draining: boolean;
  meetings: number;
  participants: number;
  reportedAt: string | null;
}

export async function setDraining(db: Db, url: string, draining: boolean): Promise<void> {
  await db
    .insertInto('janus_nodes')
    .values({ url, draining: draining ? 1 : 0 })
    .onConflict((oc) => oc.column('url').doUpdateSet({ draining: draining ? 1 : 0 }))
    .execute();
}

async function drainedUrls(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('janus_nodes').select('url').where('draining', '=', 1).execute();
  return new Set(rows.map((r) => r.url));
}

/** One transaction: a reader never sees a meeting that moved counted on both nodes or on neither. */
async function report(db: Db, nodes: JanusNodes): Promise<void> {
  const reported_at = new Date().toISOString();
  const views = nodes.views();
  await db.transaction().execute(async (trx) => {
    for (const { url, state, meetings, participants } of views) {
      const values = { state, meetings, participants, reported_at };
      await trx
        .insertInto('janus_nodes')
        .values({ url, ...values })
        .onConflict((oc) => oc.column('url').doUpdateSet(values))
        .execute();
    }
  });
}

/** Every node the configuration names or the database knows, in the configuration's order. */
export async function listNodes(db: Db, configured: string[], now = Date.now()): Promise<NodeRecord[]> {
  const rows = await db.selectFrom('janus_nodes').selectAll().execute();
  const byUrl = new Map(rows.map((r) => [r.url, r]));
  const urls = [...new Set([...configured, ...rows.map((r) => r.url)])];
  return urls.map((url) => {
    const row = byUrl.get(url);
    const fresh = row?.reported_at && now - Date.parse(row.reported_at) < STALE_REPORT_MS;
    return {
      url,
      state: fresh && row.state ? row.state : 'unknown',
      draining: row?.draining === 1,
      meetings: fresh ? row.meetings : 0,
      participants: fresh ? row.participants : 0,
      reportedAt: row?.reported_at ?? null,
    };
  });
}

/** Keeps the pool's drained nodes in step with the database and reports the pool there. */
export function syncNodes(db: Db, nodes: JanusNodes, log: Logger): { stop(): void } {
  const sync = async (): Promise<void> => {
    try {
      nodes.setDrained(await drainedUrls(db));
      await report(db, nodes);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not sync the janus nodes with the database');
    }
  };
  void sync();
  const timer = setInterval(() => void sync(), NODE_SYNC_MS);
  return { stop: () => clearInterval(timer) };
}
