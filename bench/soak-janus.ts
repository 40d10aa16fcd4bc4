import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { JanusProbe, janusToken } from '../test/helpers/janus.ts';

/**
 * What a managed Janus still holds, counted through its regular API (its admin API is off):
 * the rooms of both plugins, listed with the plugins' admin_key, so private rooms count too.
 */
export async function janusRooms(janusWsPort: number, dataDir: string): Promise<{ videoRooms: number; audioRooms: number }> {
  const probe = await JanusProbe.connect(janusWsPort, janusToken(dataDir));
  try {
    const count = async (plugin: string) => {
      const config = readFileSync(join(dataDir, 'janus', `${plugin}.jcfg`), 'utf8');
      const adminKey = /admin_key\s*=\s*"([^"]*)"/.exec(config)?.[1];
      const handle = await probe.attach(plugin);
      const data = await handle.message({ request: 'list', ...(adminKey ? { admin_key: adminKey } : {}) });
      await probe.call({ janus: 'destroy', session_id: handle.session_id });
      if (!Array.isArray(data.list)) throw new Error(`${plugin} list failed: ${JSON.stringify(data)}`);
      return data.list.length;
    };
    return { videoRooms: await count('janus.plugin.videoroom'), audioRooms: await count('janus.plugin.audiobridge') };
  } finally {
    probe.close();
  }
}

/**
 * Janus runs one event-loop thread per handle, named `hloop <handle id>`: their number is the
 * number of live handles, which the regular API cannot list.
 */
export function janusHandleThreads(janusPid: number): number {
  let count = 0;
  for (const task of readdirSync(`/proc/${janusPid}/task`)) {
    try {
      if (readFileSync(`/proc/${janusPid}/task/${task}/comm`, 'utf8').startsWith('hloop')) count++;
    } catch {
      /* the thread ended while we looked */
    }
  }
  return count;
}

/** UDP sockets Janus holds open (one per ICE component of each PeerConnection, plus its own). */
export function janusUdpSockets(janusPid: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${janusPid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${janusPid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed while we looked */
    }
  }
  let count = 0;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const inode = line.trim().split(/\s+/)[9];
      if (inode && inodes.has(inode)) count++;
    }
  }
  return count;
}
