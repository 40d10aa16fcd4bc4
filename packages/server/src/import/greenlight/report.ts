import { routes } from '@moot/protocol';
import type { Applied } from './apply.ts';
import type { ImportPlan, StepAction } from './plan.ts';

/** What the import did, or would do: the `--json` output, and the source of the text one. */
export function importReport(plan: ImportPlan, dryRun: boolean, publicUrl: string, applied?: Applied) {
  const users = new Map(plan.users.map((u) => [u.greenlightId, u]));
  const rooms = new Map(plan.rooms.map((r) => [r.greenlightId, r]));
  const count = (steps: { action: StepAction }[]) => {
    const counts: Partial<Record<StepAction, number>> = {};
    for (const s of steps) counts[s.action] = (counts[s.action] ?? 0) + 1;
    return counts;
  };
  return {
    source: plan.source,
    dryRun,
    summary: { users: count(plan.users), rooms: count(plan.rooms), moderators: count(plan.moderators) },
    users: plan.users.map((u) => ({
      greenlightId: u.greenlightId,
      email: u.email,
      name: u.name,
      role: u.role,
      status: u.status,
      keepsPassword: u.keepsPassword,
      action: u.action,
      ...(u.reason ? { reason: u.reason } : {}),
      ...(applied?.users.get(u.greenlightId) ? { id: applied.users.get(u.greenlightId) } : {}),
    })),
    rooms: plan.rooms.map((r) => {
      const id = applied?.rooms.get(r.greenlightId);
      return {
        greenlightId: r.greenlightId,
        name: r.name,
        owner: users.get(r.ownerGreenlightId)?.email ?? null,
        action: r.action,
        ...(r.reason ? { reason: r.reason } : {}),
        oldPath: r.path,
        ...(id ? { id, url: `${publicUrl}${routes.roomPage(id)}` } : {}),
        settings: r.settings,
        notes: r.notes,
      };
    }),
    moderators: plan.moderators.map((m) => ({
      greenlightId: m.greenlightId,
      room: rooms.get(m.roomGreenlightId)?.name ?? null,
      email: users.get(m.userGreenlightId)?.email ?? null,
      action: m.action,
      ...(m.reason ? { reason: m.reason } : {}),
    })),
  };
}

export type ImportReport = ReturnType<typeof importReport>;

const verbs: Record<StepAction, [would: string, did: string]> = {
  create: ['would create', 'created'],
  link: ['would link', 'linked'],
  add: ['would add', 'added'],
  done: ['already imported', 'already imported'],
  skip: ['would skip', 'skipped'],
};

/** The report as lines for a terminal. */
export function reportText(report: ImportReport): string {
  const verb = (action: StepAction) => verbs[action][report.dryRun ? 0 : 1];
  const why = (s: { reason?: string }) => (s.reason ? ` (${s.reason})` : '');
  const lines = [`Greenlight ${report.source.slice(-1)} database${report.dryRun ? ' (dry run: nothing is written)' : ''}`];
  for (const u of report.users) lines.push(`user ${u.email ?? u.greenlightId}: ${verb(u.action)}${why(u)}`);
  for (const r of report.rooms) {
    const where = r.oldPath ? ` ${r.oldPath} ->` : '';
    lines.push(`room "${r.name}" of ${r.owner ?? '?'}:${where} ${verb(r.action)}${'url' in r ? ` ${r.url}` : ''}${why(r)}`);
    for (const note of r.notes) lines.push(`  note: ${note}`);
  }
  for (const m of report.moderators) lines.push(`moderator ${m.email ?? '?'} of "${m.room ?? '?'}": ${verb(m.action)}${why(m)}`);
  const total = (counts: Partial<Record<StepAction, number>>) =>
    Object.entries(counts)
      .map(([action, n]) => `${n} ${verb(action as StepAction)}`)
      .join(', ') || 'none';
  lines.push(`users: ${total(report.summary.users)}; rooms: ${total(report.summary.rooms)}; moderators: ${total(report.summary.moderators)}`);
  return lines.join('\n');
}
