import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration: an optional JSON file (`MOOT_CONFIG`, default `<data dir>/moot.json`) with one
 * object per section, overridden by environment variables named `MOOT_<SECTION>_<KEY>`
 * (camelCase keys become SNAKE_CASE: `janus.wsPort` is `MOOT_JANUS_WS_PORT`).
 * `PORT`, `MOOT_DATA_DIR` and `MOOT_PUBLIC_URL` are the short names of the most used keys.
 */

const Int = z.coerce.number().int();
const Bool = z.preprocess((v) => (typeof v === 'string' ? ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()) : v), z.boolean());

const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** An address, a CIDR range, or one of the named ranges Fastify's proxy matching knows. */
const ProxyAddress = z.string().refine((value) => {
  if (PROXY_RANGES.includes(value)) return true;
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  return family !== 0 && rest.length === 0 && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
}, `not an address, a CIDR range or one of ${PROXY_RANGES.join(', ')}`);

/** `true` (the setting's earlier form) trusts proxies on this machine only; `false` none. */
function proxyList(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? ['loopback'] : [];
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(word)) return ['loopback'];
  if (['', '0', 'false', 'no', 'off'].includes(word)) return [];
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

/** Hosts as host or host:port, lowercase; a comma-separated string in the environment. */
const HostList = z
  .preprocess((v) => (typeof v === 'string' ? v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean) : v), z.array(z.string().min(1)))
  .default([]);

const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]).transform((u) => (Array.isArray(u) ? u : [u])),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/** A TURN server address (RFC 7065): turn: over UDP or TCP, turns: over TLS; a name, an IPv4 or a bracketed IPv6 address. */
const TURN_HOST = String.raw`([^\s?:/@\[\]]+|\[[0-9a-fA-F:.]+\])(:\d{1,5})?`;
const TurnUrl = z
  .string()
  .regex(new RegExp(String.raw`^(turn:${TURN_HOST}(\?transport=(udp|tcp))?|turns:${TURN_HOST}(\?transport=tcp)?)$`), 'must be turn:host[:port][?transport=udp|tcp] or turns:host[:port][?transport=tcp]');

export const ConfigSchema = z.object({
  http: z
    .object({
      port: Int.min(0).max(65535).default(8080),
      host: z.string().default('127.0.0.1'),
      publicUrl: z.string().url().optional(),
      /**
       * The onion service in front of moot (http://<56 letters>.onion, no path): clearnet pages
       * then name it in an Onion-Location header, and its origin is accepted like the public one.
       */
      onionUrl: z
        .string()
        .regex(/^https?:\/\/[a-z2-7]{56}\.onion(:\d{1,5})?\/?$/, 'must be http://<56 letters a-z, 2-7>.onion (a v3 onion address, no path)')
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
      /**
       * The reverse proxies whose X-Forwarded-* is believed (addresses or CIDR ranges); the client
       * is the right-most address in X-Forwarded-For that none of them holds.
       */
      trustProxy: z.preprocess(proxyList, z.array(ProxyAddress)).default([]),
    })
    .prefault({}),
  data: z.object({ dir: z.string().default('./data') }).prefault({}),
  database: z
    .object({
      /** postgres://user:password@host:5432/moot runs moot on PostgreSQL; unset: the SQLite file in the data folder. */
      url: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
    })
    .prefault({}),
  redis: z
    .object({
      /** redis://host:6379 lets several server processes serve one installation; unset: one process, all in memory. */
      url: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
    })
    .prefault({}),
  cluster: z
    .object({
      /**
       * Where the installation's other processes reach this one's HTTP (a request about a meeting
       * running here is passed on to it); unset: http://<MOOT_HOST>:<port>, 127.0.0.1 for a wildcard host.
       */
      internalUrl: z.string().regex(/^https?:\/\/[^/]+$/, 'must be http://host:port or https://host:port').optional(),
    })
    .prefault({}),
  log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).prefault({}),
  janus: z
    .object({
      /** `managed`: moot starts Janus itself; `external`: use the nodes in `urls`. */
      mode: z.enum(['managed', 'external']).default('managed'),
      /** WebSocket API URLs of external Janus nodes (comma-separated in the environment). */
      urls: z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.string().url())).default([]),
      binary: z.string().default('janus'),
      /** The VideoRoom/AudioBridge admin_key of external nodes (a managed Janus gets a fresh one each start). */
      adminKey: z.string().optional(),
      /**
       * The `token_auth_secret` of external nodes (their janus.jcfg sets `token_auth = true` and
       * this secret); moot signs a token with it for every request. A managed Janus gets a fresh one each start.
       */
      tokenSecret: z.string().min(16).optional(),
      wsPort: Int.min(1).max(65535).default(8188),
      /**
       * Members of one meeting a node carries before the meeting is cascaded to a further node
       * (VideoRoom remote publishers and AudioBridge links between the nodes); 0 keeps every
       * meeting on one node.
       */
      cascadeMembers: Int.min(0).max(10000).default(0),
      /**
       * This server's address as Janus reaches it: where Janus sends this server plain RTP (the
       * listeners' stream, the livestream, the audience's program, phone callers' sound). With
       * Janus nodes on other machines, a private address every node reaches.
       */
      serverAddress: z
        .ipv4()
        .refine((a) => a !== '0.0.0.0', 'must be an address Janus can send to, not 0.0.0.0')
        .default('127.0.0.1'),
      /** UDP range for media, e.g. "20000-40000"; open it in the firewall. */
      rtpPorts: z.string().regex(/^\d+-\d+$/).default('20000-40000'),
      /** Public IP Janus announces when it sits behind 1:1 NAT (cloud VMs). */
      natPublicIp: z.string().optional(),
      /** Interfaces or IPs Janus may gather candidates on (comma-separated). */
      iceEnforceList: z.string().optional(),
      /** Also offer ICE over TCP (port range shared with RTP), for networks that block UDP. */
      iceTcp: Bool.default(false),
      stunServer: z.string().optional(),
      /** The managed Janus's memory allocator: jemalloc (Debian's libjemalloc2) gives back what Janus's short-lived threads freed; `system` is glibc's. */
      allocator: z.enum(['jemalloc', 'system']).default('jemalloc'),
      /** A shared object put in LD_PRELOAD for the Janus child only (used by the test suite). */
      preload: z.string().optional(),
    })
    .prefault({}),
  ice: z
    .object({
      /** ICE servers given to browsers, as JSON: [{"urls":["turn:turn.example.org:3478"],"username":"u","credential":"c"}] */
      servers: z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v), z.array(IceServer)).default([]),
    })
    .prefault({}),
  turn: z
    .object({
      /**
       * The TURN relay's URLs (comma-separated in the environment), e.g.
       * turn:turn.example.org:3478?transport=udp,turn:turn.example.org:3478?transport=tcp,turns:turn.example.org:5349
       */
      urls: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((u) => u.trim()).filter(Boolean) : v), z.array(TurnUrl)).default([]),
      /** coturn's `static-auth-secret`, read from this file; each participant gets credentials made with it. */
      secretFile: z.string().min(1).optional(),
      /** Seconds a participant's TURN credential stays valid; a relayed connection ends with it unless the page reconnects. */
      ttl: Int.min(60).max(7 * 86400).default(6 * 3600),
    })
    .refine((turn) => (turn.urls.length > 0) === (turn.secretFile !== undefined), 'the TURN URLs and the secret file (MOOT_TURN_URLS, MOOT_TURN_SECRET_FILE) are set together')
    .prefault({}),
  ldap: z
    .object({
      /** ldap://host (StartTLS is used) or ldaps://host; empty turns LDAP provisioning off. */
      url: z.string().regex(/^ldaps?:\/\//, 'must start with ldap:// or ldaps://').optional(),
      /** Plain ldap:// without StartTLS: only for a directory on this machine or a test. */
      insecure: Bool.default(false),
      /** CA bundle (PEM file) to verify the directory's certificate. */
      caFile: z.string().optional(),
      bindDn: z.string().optional(),
      /** The bind secret, read from this file (preferred: it stays out of `ps` and the environment). */
      bindPasswordFile: z.string().optional(),
      bindPassword: z.string().optional(),
      baseDn: z.string().optional(),
      /** Who gets an account, e.g. (memberOf=cn=core,ou=groups,dc=example,dc=org). */
      filter: z.string().default('(objectClass=inetOrgPerson)'),
      uidAttribute: z.string().default('uid'),
      nameAttribute: z.string().default('cn'),
      mailAttribute: z.string().default('mail'),
      /** DN of a group (member, uniqueMember or memberUid) whose people are administrators. */
      adminGroup: z.string().optional(),
      /** Minutes between automatic syncs in the server; 0 turns them off. Fractions are allowed (0.5: every 30 s). */
      syncIntervalMinutes: z.coerce.number().min(0).max(10080).default(60),
      /** Sign in by binding to the directory as the person, instead of a local password. */
      passwordSignIn: Bool.default(false),
    })
    .prefault({}),
  smtp: z
    .object({
      /** smtp://user:pass@host:587 or smtps://host:465; no URL: reset mails are logged as not sent. */
      url: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
      from: z.string().default('moot <moot@localhost>'),
    })
    .prefault({}),
  accounts: z
    .object({
      /** The access audit fails when more active administrators than this exist. */
      maxAdmins: Int.min(1).max(1000).default(3),
      resetLinkMinutes: Int.min(5).max(10080).default(60),
      /** Lifetime of an invitation's link to set the first password. */
      invitationDays: Int.min(1).max(90).default(7),
      /** Reset mails one address may receive per hour. */
      resetsPerHour: Int.min(1).max(100).default(3),
      /** Minutes a password confirmation lets an administrator act on the web. */
      reauthMinutes: Int.min(1).max(120).default(10),
      /** The audit reports accounts without a sign-in for this many days. */
      unusedDays: Int.min(1).max(3650).default(180),
      /** The audit reports local passwords older than this many days. */
      passwordMaxAgeDays: Int.min(1).max(3650).default(365),
      /** Language of mails when the browser that caused them asks for none moot has (see mail/templates.ts). */
      mailLanguage: z.string().default('en'),
      /** Off: people sign in through single sign-on only (the CLI still sets passwords). */
      passwordSignIn: Bool.default(true),
    })
    .prefault({}),
  meeting: z
    .object({
      /** Seconds a participant whose connection dropped keeps their place. */
      participantTimeoutSeconds: Int.min(1).max(3600).default(30),
      defaultMaxParticipants: Int.min(2).max(500).default(100),
      /** Rooms one member may own: a limit on what one account can make the server keep. */
      maxRoomsPerMember: Int.min(1).max(100000).default(100),
      chatHistory: Int.min(0).max(10000).default(500),
    })
    .prefault({}),
  recordings: z
    .object({
      /** The server key that wraps each recording's data key; keep it outside the data folder (default: `<data dir>.recordings-key`). */
      keyFile: z.string().optional(),
      /** Recordings older than this many days are crypto-shredded; 0 keeps them until deleted. */
      maxAgeDays: Int.min(0).max(36500).default(0),
      /** Where Janus writes raw recordings during a meeting (default: `<data dir>/recordings/work`). */
      workDir: z.string().optional(),
      /** Administrators may watch recordings not shared with them. Off: they may only delete. */
      adminsMayWatch: Bool.default(false),
    })
    .prefault({}),
  metrics: z
    .object({
      /** The bearer token Prometheus sends to read /metrics; without one, /metrics does not exist. */
      token: z.string().min(16, 'the metrics token needs at least 16 characters').optional(),
      /** How often the operators' dashboard samples the load (it keeps 24 hours). */
      sampleSeconds: Int.min(1).max(3600).default(60),
    })
    .prefault({}),
  sip: z
    .object({
      /**
       * Where moot takes phone calls, as host:port (UDP and TCP), e.g. 0.0.0.0:5060; unset turns
       * dial-in off.
       */
      listen: z.string().regex(/^[^:]+:\d+$/, 'must be host:port').optional(),
      /** Also take SIP over TLS on this port (needs tlsCert and tlsKey). */
      tlsPort: Int.min(1).max(65535).optional(),
      tlsCert: z.string().optional(),
      tlsKey: z.string().optional(),
      /** The address callers and the trunk reach moot at (SIP Contact and the audio's c= line); default: the listen host. */
      publicAddress: z.string().optional(),
      /** UDP range for callers' audio, e.g. "41000-41999"; open it in the firewall. */
      rtpPorts: z.string().regex(/^\d+-\d+$/).default('41000-41999'),
      /** Addresses or CIDR ranges that may call (an IP-authenticated trunk); empty: anyone who knows a PIN. */
      allowFrom: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((a) => a.trim()).filter(Boolean) : v), z.array(ProxyAddress)).default([]),
      /** A provider's registrar to register with (e.g. sip:sip.provider.example;transport=tls); unset: no registration. */
      trunkRegistrar: z.string().regex(/^sips?:/, 'must be a sip: or sips: URI').optional(),
      trunkUser: z.string().optional(),
      /** The trunk's password, read from this file (preferred: it stays out of `ps` and the environment). */
      trunkPasswordFile: z.string().optional(),
      trunkPassword: z.string().optional(),
      /** Seconds a registration lasts before it is renewed. */
      trunkRegisterSeconds: Int.min(60).max(86400).default(600),
      /** The phone number shown in invitations, e.g. "+49 30 1234567". */
      number: z.string().max(40).optional(),
      /** The SIP address shown in invitations; default sip:<publicAddress>. */
      uri: z.string().max(200).optional(),
      /** A folder of replacement prompts (same file names as the shipped ones, 8 kHz mono 16-bit WAV). */
      promptsDir: z.string().optional(),
    })
    .prefault({}),
  slides: z
    .object({
      /** Largest presentation upload, in megabytes. */
      maxMegabytes: Int.min(1).max(1024).default(50),
      maxPages: Int.min(1).max(10_000).default(300),
      /** Presentations one room keeps. */
      maxPerRoom: Int.min(1).max(1000).default(20),
      /** An ODP or PPTX conversion (LibreOffice, one at a time) is stopped after this many seconds. */
      convertTimeoutSeconds: Int.min(5).max(600).default(60),
    })
    .prefault({}),
  oidc: z
    .object({
      /** The OpenID provider's issuer URL (its discovery document is under it); unset turns OpenID Connect off. */
      issuer: z.string().url().optional(),
      /** The provider's short name in moot's addresses (/api/auth/oidc/<id>/…) and accounts' links. */
      id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lowercase letters, digits and dashes, at most 32').default('oidc'),
      /** Shown on the sign-in button: "Sign in with <name>". */
      name: z.string().max(60).default('single sign-on'),
      clientId: z.string().optional(),
      /** The client secret, read from this file (it stays out of `ps`, the environment and the logs). */
      clientSecretFile: z.string().optional(),
      scopes: z.string().default('openid email profile'),
      /** The ID token claim that lists the person's groups. */
      groupsClaim: z.string().default('groups'),
      /** The group whose people are moot administrators; unset: sign-in never changes anyone's role. */
      adminGroup: z.string().optional(),
    })
    .prefault({}),
  saml: z
    .object({
      /** The IdP's single sign-on URL (HTTP-Redirect binding); unset turns SAML off. */
      entryPoint: z.string().url().optional(),
      id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lowercase letters, digits and dashes, at most 32').default('saml'),
      name: z.string().max(60).default('SAML'),
      /** The IdP's entity id: assertions from any other issuer are refused. */
      idpEntityId: z.string().optional(),
      /** The IdP's signing certificate (PEM file): assertions must be signed with it. */
      idpCertFile: z.string().optional(),
      /** moot's entity id (the audience assertions must name); default: the metadata address. */
      spEntityId: z.string().optional(),
      /** The IdP's single logout URL; unset: signing out of moot ends the moot session only. */
      logoutUrl: z.string().url().optional(),
      /** The attribute that lists the person's groups. */
      groupsAttribute: z.string().default('groups'),
      adminGroup: z.string().optional(),
      /** Seconds of clock difference tolerated between moot and the IdP. */
      clockSkewSeconds: Int.min(0).max(300).default(30),
    })
    .prefault({}),
  sso: z
    .object({
      /**
       * Hosts (host or host:port, comma-separated) an organization's admins may name for their
       * identity providers although they are not public; plain http is allowed to such a host on
       * this machine. Others must be https at public addresses.
       */
      organizationHosts: HostList,
    })
    .prefault({}),
  bbb: z
    .object({
      /** Hosts the BigBlueButton API's callbacks may reach (comma-separated host or host:port); none by default. */
      callbackHosts: HostList,
    })
    .prefault({}),
});

export type Config = z.infer<typeof ConfigSchema> & { http: { publicUrl: string }; data: { dir: string } };

const aliases: Record<string, [string, string]> = {
  PORT: ['http', 'port'],
  MOOT_DATA_DIR: ['data', 'dir'],
  MOOT_PUBLIC_URL: ['http', 'publicUrl'],
  MOOT_ONION_URL: ['http', 'onionUrl'],
  MOOT_HOST: ['http', 'host'],
  MOOT_LOG_LEVEL: ['log', 'level'],
};

function envName(section: string, key: string): string {
  return `MOOT_${section.toUpperCase()}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function sectionKeys(): [string, string][] {
  return Object.entries(ConfigSchema.shape).flatMap(([section, schema]) =>
    Object.keys(schema.unwrap().shape).map((key): [string, string] => [section, key]),
  );
}

/** Every environment variable the configuration reads (listed in the README). */
export function environmentVariables(): string[] {
  return [...Object.keys(aliases), ...sectionKeys().map(([s, k]) => envName(s, k))];
}

/** Written into the data folder by the server at each start: what the CLI needs to know of the running server. */
const SERVER_START_FILE = 'server-start.json';

/**
 * Records the public URL and the dial-in address the server runs with, so the CLI prints the room
 * links and PINs people use even when the server's variables are not exported in the shell running it.
 */
export function recordServerStart(config: Config): void {
  const { listen, publicAddress, number, uri } = config.sip;
  const start = { http: { publicUrl: config.http.publicUrl }, sip: { listen, publicAddress, number, uri } };
  writeFileSync(join(config.data.dir, SERVER_START_FILE), `${JSON.stringify(start, null, 2)}\n`, { mode: 0o600 });
}

/**
 * With `serverStart` (the CLI), what the server recorded at its last start comes first, below
 * the config file and the environment; the server itself never reads it back.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { serverStart?: boolean } = {}): Config {
  const raw: Record<string, Record<string, unknown>> = {};
  const dataDir = env.MOOT_DATA_DIR ?? './data';
  const startFile = resolve(dataDir, SERVER_START_FILE);
  if (options.serverStart && existsSync(startFile)) Object.assign(raw, JSON.parse(readFileSync(startFile, 'utf8')));
  const file = env.MOOT_CONFIG ?? resolve(dataDir, 'moot.json');
  if (existsSync(file)) {
    for (const [section, values] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>)) {
      raw[section] = { ...raw[section], ...values };
    }
  }
  for (const [section, key] of sectionKeys()) {
    const value = env[envName(section, key)];
    if (value !== undefined) (raw[section] ??= {})[key] = value;
  }
  for (const [name, [section, key]] of Object.entries(aliases)) {
    const value = env[name];
    if (value !== undefined) (raw[section] ??= {})[key] = value;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  config.data.dir = resolve(config.data.dir);
  const publicUrl = (config.http.publicUrl ?? `http://localhost:${config.http.port}`).replace(/\/+$/, '');
  return { ...config, http: { ...config.http, publicUrl }, data: config.data };
}
