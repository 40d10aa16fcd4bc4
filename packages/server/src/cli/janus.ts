import type { Command } from 'commander';
import { audit } from '../audit/audit.ts';
import { listNodes, setDraining } from '../media/janus-node-store.ts';
import { CliError, print, table } from './output.ts';
import { cliActor, type OpenContext } from './users.ts';

export function janusCommands(program: Command, context: () => ReturnType<OpenContext>): void {
  const janus = program.command('janus').description('The Janus nodes meetings run on');

  const drainCommand = (name: string, draining: boolean, description: string) =>
    janus
      .command(`${name} <url>`)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (url: string, opts: { json?: boolean }) => {
        const { config, db } = await context();
        try {
          const known = await listNodes(db, config.janus.urls);
          if (!known.some((n) => n.url === url)) {
            throw new CliError('not-found', `no Janus node ${url} (known: ${known.map((n) => n.url).join(', ') || 'none'})`);
          }
          await setDraining(db, url, draining);
          await audit(db, { actor: cliActor(), action: `janus.${name}`, target: url, origin: 'cli' });
          const node = (await listNodes(db, config.janus.urls)).find((n) => n.url === url)!;
          print(Boolean(opts.json), node, () => `${url}: ${draining ? 'takes no new meetings; live ones finish' : 'takes new meetings'}`);
        } finally {
          await db.destroy();
        }
      });

  drainCommand('drain', true, 'Send no new meetings to a node (live ones finish there)');
  drainCommand('undrain', false, 'Let a drained node take new meetings again');

  janus
    .command('list')
    .description('Each node: state (up, down, draining; unknown while no server reports), meetings and participants on it')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { config, db } = await context();
      const nodes = await listNodes(db, config.janus.urls).finally(() => db.destroy());
      print(Boolean(opts.json), nodes, () => table(nodes.map((n) => ({ ...n, draining: n.draining ? 'yes' : 'no' })), ['url', 'state', 'draining', 'meetings', 'participants']));
    });
}
