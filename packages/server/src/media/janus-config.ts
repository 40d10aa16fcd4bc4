import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';

/** Janus's libconfig-style files for a managed Janus: only what moot uses is switched on. */

const KEEP = {
  plugins: ['libjanus_videoroom.so', 'libjanus_audiobridge.so', 'libjanus_streaming.so'],
  transports: ['libjanus_websockets.so'],
  events: [] as string[],
  loggers: [] as string[],
};

/** Where Debian puts Janus's modules (the folder name carries the architecture triplet). */
export function janusLibDir(): string {
  const found = libraryDirs()
    .map((dir) => join(dir, 'janus'))
    .find((dir) => existsSync(join(dir, 'plugins')));
  if (!found) throw new Error('Janus modules not found under /usr/lib: is the Debian package "janus" installed?');
  return found;
}

/** Debian's jemalloc (package libjemalloc2), or undefined when it is not installed. */
export function jemallocLibrary(): string | undefined {
  return libraryDirs()
    .map((dir) => join(dir, 'libjemalloc.so.2'))
    .find((file) => existsSync(file));
}

/** /usr/lib and its per-architecture folders (Debian's multiarch), where packages put libraries. */
function libraryDirs(): string[] {
  const architectures = readdirSync('/usr/lib', { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join('/usr/lib', d.name));
  return ['/usr/lib', ...architectures];
}

function disabled(dir: string, keep: string[]): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.so') && !keep.includes(f))
    .join(',');
}

const str = (v: string) => JSON.stringify(v);

const SYSTEM_FOLDERS = ['/bin', '/boot', '/dev', '/etc', '/lib', '/proc', '/root', '/sbin', '/sys', '/usr', '/var'];

/**
 * Folders Janus must never write recordings into: the system's, except the one that holds moot's
 * data (a data folder in /var/lib/moot must still receive its recordings).
 */
export function protectedFolders(configDir: string): string[] {
  return SYSTEM_FOLDERS.filter((folder) => !configDir.startsWith(`${folder}/`));
}

export interface JanusFiles {
  [file: string]: string;
}

/** What a managed Janus is started with so that only moot can use it. */
export interface JanusSecrets {
  /** The VideoRoom/AudioBridge key needed to create rooms. */
  adminKey: string;
  /** Signs the tokens every API request must carry. */
  tokenSecret: string;
}

export function janusConfigFiles(config: Config['janus'], configDir: string, libDir: string, { adminKey, tokenSecret }: JanusSecrets): JanusFiles {
  const nat: string[] = ['ignore_mdns = true', `ice_tcp = ${config.iceTcp}`];
  // Janus's sample configuration warns that ICE-TCP may fail without ICE Lite.
  if (config.iceTcp) nat.push('ice_lite = true');
  if (config.iceEnforceList) nat.push(`ice_enforce_list = ${str(config.iceEnforceList)}`);
  if (config.natPublicIp) nat.push(`nat_1_1_mapping = ${str(config.natPublicIp)}`);
  if (config.stunServer) {
    const [host, port] = config.stunServer.split(':');
    nat.push(`stun_server = ${str(host ?? '')}`, `stun_port = ${Number(port ?? 3478)}`);
  }
  return {
    'janus.jcfg': `general: {
  configs_folder = ${str(configDir)}
  plugins_folder = ${str(join(libDir, 'plugins'))}
  transports_folder = ${str(join(libDir, 'transports'))}
  events_folder = ${str(join(libDir, 'events'))}
  loggers_folder = ${str(join(libDir, 'loggers'))}
  log_to_stdout = true
  debug_level = 3
  server_name = "moot"
  session_timeout = 60
  hide_dependencies = true
  protected_folders = ${JSON.stringify(protectedFolders(configDir))}
  # Any process on this machine reaches the API port: every request needs a token moot signs.
  token_auth = true
  token_auth_secret = ${str(tokenSecret)}
}
media: {
  rtp_port_range = ${str(config.rtpPorts)}
}
nat: {
  ${nat.join('\n  ')}
}
plugins: { disable = ${str(disabled(join(libDir, 'plugins'), KEEP.plugins))} }
transports: { disable = ${str(disabled(join(libDir, 'transports'), KEEP.transports))} }
events: { broadcast = false disable = ${str(disabled(join(libDir, 'events'), KEEP.events))} }
loggers: { disable = ${str(disabled(join(libDir, 'loggers'), KEEP.loggers))} }
`,
    'janus.transport.websockets.jcfg': `general: {
  json = "plain"
  ws = true
  ws_port = ${config.wsPort}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: { admin_ws = false admin_wss = false }
`,
    // admin_key: even a local process that reaches the API cannot create or destroy rooms.
    'janus.plugin.videoroom.jcfg': `general: {
  admin_key = ${str(adminKey)}
  lock_rtp_forward = true
}
`,
    // Plain-RTP seats (phone gateways, stream ingests) run beside moot: their RTP stays on loopback.
    'janus.plugin.audiobridge.jcfg': `general: {
  admin_key = ${str(adminKey)}
  lock_rtp_forward = true
  local_ip = "127.0.0.1"
}
`,
    // No static mountpoints: each meeting's program makes its own, bound to 127.0.0.1, ports from the media range.
    'janus.plugin.streaming.jcfg': `general: {
  admin_key = ${str(adminKey)}
  rtp_port_range = ${str(config.rtpPorts)}
  events = false
}
`,
  };
}
