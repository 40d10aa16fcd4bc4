import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { janusTokenSigner } from '../../packages/server/src/media/janus-client.ts';

/** A value `key = "value"` of one of the Janus config files a managed server generated. */
function generatedSetting(dataDir: string, file: string, key: string): string | undefined {
  const path = join(dataDir, 'janus', file);
  if (!existsSync(path)) return undefined;
  return new RegExp(`${key}\\s*=\\s*"([^"]*)"`).exec(readFileSync(path, 'utf8'))?.[1];
}

/** A token the managed Janus of `dataDir` accepts for both plugins moot uses (what the server itself sends). */
export function janusToken(dataDir: string): string {
  const secret = generatedSetting(dataDir, 'janus.jcfg', 'token_auth_secret');
  if (!secret) throw new Error(`no token_auth_secret in ${dataDir}/janus/janus.jcfg`);
  return janusTokenSigner(secret, ['janus.plugin.videoroom', 'janus.plugin.audiobridge'])();
}

/**
 * A raw client of a Janus WebSocket API (tests only): sends exactly the requests it is given,
 * adding a transaction and, when it has one, the token.
 */
export class JanusProbe {
  private pending = new Map<string, (message: any) => void>();
  private counter = 0;

  private constructor(
    private socket: WebSocket,
    private token: string | undefined,
  ) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      const resolve = this.pending.get(message.transaction);
      if (resolve && message.janus !== 'ack') {
        this.pending.delete(message.transaction);
        resolve(message);
      }
    });
  }

  static async connect(janusWsPort: number, token?: string): Promise<JanusProbe> {
    const socket = new WebSocket(`ws://127.0.0.1:${janusWsPort}`, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new JanusProbe(socket, token);
  }

  /** Janus's whole answer (`success`, `error`, or a plugin's `event`). */
  call(body: Record<string, unknown>): Promise<any> {
    return new Promise((resolve, reject) => {
      const transaction = `probe-${++this.counter}`;
      const timer = setTimeout(() => reject(new Error(`Janus did not answer ${JSON.stringify(body)}`)), 5000);
      this.pending.set(transaction, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.socket.send(JSON.stringify({ ...body, ...(this.token ? { token: this.token } : {}), transaction }));
    });
  }

  /** A session with one handle of `plugin`; throws when Janus refuses either. */
  async attach(plugin: string): Promise<{ session_id: number; handle_id: number; message: (body: Record<string, unknown>) => Promise<Record<string, any>> }> {
    const created = await this.call({ janus: 'create' });
    if (created.janus !== 'success') throw new Error(`Janus create failed: ${JSON.stringify(created)}`);
    const session_id = created.data.id;
    const attached = await this.call({ janus: 'attach', session_id, plugin });
    if (attached.janus !== 'success') throw new Error(`Janus attach failed: ${JSON.stringify(attached)}`);
    const handle_id = attached.data.id;
    const message = async (body: Record<string, unknown>) => {
      const answer = await this.call({ janus: 'message', session_id, handle_id, body });
      if (!answer.plugindata) throw new Error(`Janus refused the message: ${JSON.stringify(answer)}`);
      return answer.plugindata.data as Record<string, any>;
    };
    return { session_id, handle_id, message };
  }

  close(): void {
    this.socket.terminate();
  }
}

/**
 * The VideoRoom rooms of the managed Janus of a test server (private ones included, with the
 * admin_key the server generated).
 */
export async function listVideoRooms(janusWsPort: number, dataDir: string): Promise<Array<Record<string, any>>> {
  const adminKey = generatedSetting(dataDir, 'janus.plugin.videoroom.jcfg', 'admin_key');
  const probe = await JanusProbe.connect(janusWsPort, janusToken(dataDir));
  try {
    const videoroom = await probe.attach('janus.plugin.videoroom');
    const data = await videoroom.message({ request: 'list', ...(adminKey ? { admin_key: adminKey } : {}) });
    if (!Array.isArray(data.list)) throw new Error(`Janus list failed: ${JSON.stringify(data)}`);
    await probe.call({ janus: 'destroy', session_id: videoroom.session_id }).catch(() => undefined);
    return data.list as Array<Record<string, any>>;
  } finally {
    probe.close();
  }
}
