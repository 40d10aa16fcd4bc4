import { z } from 'zod';
import { parseMessage, type Cluster } from './cluster.ts';
import { sessionChanges } from '../accounts/sessions.ts';

const Change = z.object({ from: z.string(), userId: z.string() });

/**
 * An account's sessions changed here (signed out everywhere, suspended, a new password): the
 * other processes hear it at once and check their sockets of that account, instead of at their
 * next poll. Returns the function that stops sharing.
 */
export async function shareSessionChanges(cluster: Cluster, changedElsewhere: (userId: string) => void): Promise<() => Promise<void>> {
  const channel = cluster.key('session-changes');
  const announce = (userId: string) => void cluster.publish(channel, JSON.stringify({ from: cluster.processId, userId })).catch(() => undefined);
  sessionChanges.on('changed', announce);
  const unsubscribe = await cluster.subscribe(channel, (message) => {
    const change = parseMessage(Change, message);
    if (change && change.from !== cluster.processId) changedElsewhere(change.userId);
  });
  return async () => {
    sessionChanges.off('changed', announce);
    await unsubscribe();
  };
}
