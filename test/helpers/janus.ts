import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

/**
 * Talks to a Janus WebSocket API directly (tests only): create a session, attach the
 * VideoRoom plugin, send `list`. If the generated VideoRoom config sets an admin_key, it is
 * passed so private rooms are listed too.
 */
export async function listVideoRooms(janusWsPort: number, dataDir?: string): Promise<Array<Record<string, any>>> {
  let adminKey: string | undefined;
  const config = dataDir ? join(dataDir, 'janus', 'janus.plugin.videoroom.jcfg') : undefined;
  if (config && existsSync(config)) {
    adminKey = /admin_key\s*=\s*"([^"]*)"/.exec(readFileSync(config, 'utf8'))?.[1];
  }
  const socket = new WebSocket(`ws://127.0.0.1:${janusWsPort}`, 'janus-protocol');
  const pending = new Map<string, (message: any) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    const resolve = pending.get(message.transaction);
    if (resolve && message.janus !== 'ack') {
      pending.delete(message.transaction);
      resolve(message);
    }
  });
  let counter = 0;
  const call = (body: Record<string, unknown>): Promise<any> =>
    new Promise((resolve, reject) => {
      const transaction = `probe-${++counter}`;
      const timer = setTimeout(() => reject(new Error(`Janus did not answer ${JSON.stringify(body)}`)), 5000);
      pending.set(transaction, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      socket.send(JSON.stringify({ ...body, transaction }));
    });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const created = await call({ janus: 'create' });
    if (created.janus !== 'success') throw new Error(`Janus create failed: ${JSON.stringify(created)}`);
    const session_id = created.data.id;
    const attached = await call({ janus: 'attach', session_id, plugin: 'janus.plugin.videoroom' });
    if (attached.janus !== 'success') throw new Error(`Janus attach failed: ${JSON.stringify(attached)}`);
    const handle_id = attached.data.id;
    const listed = await call({
      janus: 'message',
      session_id,
      handle_id,
      body: { request: 'list', ...(adminKey ? { admin_key: adminKey } : {}) },
    });
    const data = listed.plugindata?.data;
    if (!data || !Array.isArray(data.list)) throw new Error(`Janus list failed: ${JSON.stringify(listed)}`);
    await call({ janus: 'destroy', session_id }).catch(() => undefined);
    return data.list as Array<Record<string, any>>;
  } finally {
    socket.terminate();
  }
}
