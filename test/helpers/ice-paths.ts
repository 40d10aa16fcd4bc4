// What a page's PeerConnections run over, read from getStats() and their configuration: the
// selected candidate pair's local side and the relay credentials each connection holds.
import type { Page } from 'playwright-core';
import type { OpenStats } from './browser.ts';
import { waitFor } from './wait.ts';

export interface ConnectionPath {
  connectionState: string;
  localType: string;
  /** The port the selected pair reaches the media server on. */
  remotePort: number | null;
  relayProtocol: string | null;
  /** The ICE server the local candidate came from. */
  url: string | null;
  /** Types of every local candidate the connection gathered. */
  gatheredTypes: string[];
  /** The relay username the connection holds now (`<expiry>:<participant id>`). */
  username: string | null;
}

/** For each open PeerConnection of the page: its selected candidate pair's local side and its relay credentials. */
export function connectionPaths(page: Page): Promise<ConnectionPath[]> {
  return page.evaluate(async () => {
    const paths: ConnectionPath[] = [];
    for (const { pc, report } of await (window as unknown as { __testOpenStats: OpenStats }).__testOpenStats()) {
      const stats = [...report.values()];
      const transport = stats.find((s) => s.type === 'transport');
      const pair = transport?.selectedCandidatePairId ? report.get(transport.selectedCandidatePairId) : undefined;
      const local = pair ? report.get(pair.localCandidateId) : undefined;
      const remote = pair ? report.get(pair.remoteCandidateId) : undefined;
      const relay = pc.getConfiguration().iceServers?.find((server) => server.username);
      paths.push({
        connectionState: pc.connectionState,
        localType: String(local?.candidateType ?? 'none'),
        remotePort: typeof remote?.port === 'number' ? remote.port : null,
        relayProtocol: local?.relayProtocol ?? null,
        url: local?.url ?? null,
        gatheredTypes: stats.filter((s) => s.type === 'local-candidate').map((s) => String(s.candidateType)),
        username: relay?.username ?? null,
      });
    }
    return paths;
  });
}

/** The page's connections once at least `count` of them (publishing and receiving) are all connected. */
export function connected(page: Page, count = 3): Promise<ConnectionPath[]> {
  return waitFor(
    async () => {
      const paths = await connectionPaths(page);
      return paths.length >= count && paths.every((p) => p.connectionState === 'connected') ? paths : null;
    },
    { timeoutMs: 30_000, message: `${count} connections connected on ${page.url()}` },
  );
}

/**
 * Ticks "Use relay only" in the meeting's settings and waits until every open connection of the
 * page (at least `count`) runs over a relay reached by TCP: the ICE restart the choice brings.
 */
export async function chooseRelayOnlyInMeeting(page: Page, count = 3): Promise<ConnectionPath[]> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('checkbox', { name: 'Use relay only', exact: true }).check();
  await settings.getByRole('button', { name: 'Done', exact: true }).click();
  return waitFor(
    async () => {
      const paths = await connectionPaths(page);
      return paths.length >= count && paths.every((p) => p.connectionState === 'connected' && p.localType === 'relay' && p.relayProtocol === 'tcp') ? paths : null;
    },
    { timeoutMs: 60_000, message: 'every connection on the TCP relay after choosing relay only' },
  );
}
