// Property-based fuzzing of everything a browser can send, against a real server and Janus:
// generated and mutated signaling messages of every type, and bodies for every REST route and
// method, as a guest, a member and a moderator. Whatever arrives, the server stays up, logs no
// error, never answers 5xx, and every refusal is a documented error code; afterwards it still
// holds a meeting. The seed is fixed (MOOT_FUZZ_SEED replays another); fast-check prints the
// seed and the failing input when a property fails.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before } from 'node:test';
import fc from 'fast-check';
import {
  ClientMessage,
  MAX_CHAT_LENGTH,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  accountRoutes,
  collabRoutes,
  errorMessages,
  pollResultsPath,
  livestreamDestinationsPath,
  livestreamHlsPath,
  orgIdentityRoutes,
  orgLdapRoutes,
  orgRoutes,
  routes,
  slideRoutes,
  type ServerMessage,
} from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { addRoom, addUser, signedIn, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient, type HttpResponse } from '../helpers/http.ts';
import { makeWebm } from '../helpers/media-files.ts';
import { makeTempDir, startMoot, type Moot } from '../helpers/moot.ts';
import { SignalingClient } from '../helpers/signaling.ts';

const SEED = Number(process.env.MOOT_FUZZ_SEED ?? 424_242);
const SIGNALING_RUNS = 60;
const REST_RUNS = 50;
/** The server reads messages up to MAX_MESSAGE_BYTES and closes the socket above this frame size. */
const MAX_FRAME_BYTES = 1024 * 1024;

let moot: Moot;
let janusPid: number;
let alice: TestUser; // owner of every room here: a moderator in its meetings
let bob: TestUser; // a member
let carol: TestUser; // the account the administrator's requests may change
let admin: TestUser;
const CODE = 'Fuzz4Code';
const rooms: Record<'open' | 'coded' | 'members' | 'lobby', string> = { open: '', coded: '', members: '', lobby: '' };
const restRooms: string[] = [];
let recordingId: string;

before(async () => {
  moot = await startMoot({ participantTimeoutSeconds: 3, logLevel: 'warn' });
  [alice, bob, carol, admin] = await Promise.all([
    addUser(moot, 'Alice Fuzz'),
    addUser(moot, 'Bob Fuzz'),
    addUser(moot, 'Carol Fuzz'),
    addUser(moot, 'Ada Fuzz', { admin: true }),
    moot.cli(['settings', 'set', 'guests', 'on', '--json']),
  ]);
  const owner = await signedIn(moot, alice);
  const room = async (body: Obj): Promise<{ id: string }> => {
    const made = await owner.post(routes.rooms, body);
    assert.equal(made.status, 201, made.text);
    return made.body.room;
  };
  rooms.open = (await room({ name: 'Open', guests: 'link' })).id;
  rooms.coded = (await room({ name: 'Coded', guests: 'code', accessCode: CODE })).id;
  rooms.members = (await room({ name: 'Members' })).id;
  rooms.lobby = (await room({ name: 'Lobby', guests: 'link', lobby: 'everyone' })).id;
  const restRoom = await room({ name: 'Rest', guests: 'link' });
  restRooms.push(restRoom.id);
  const imported = await moot.cli<{ id: string }>(['recording', 'import', restRoom.id, makeWebm(join(makeTempDir('moot-fuzz-'), 'a.webm'), 1), '--json']);
  recordingId = imported.id;
  await Promise.all([bob, admin].map((u) => signedIn(moot, u)));
  janusPid = moot.janusPids()[0]!;
  assert.ok(janusPid, 'Janus runs');
});

after(() => moot?.stop());

const reported = new Set<string>();
/** Fails at once when the server died, logged an error or a crash, or Janus was restarted. */
function assertServerHealthy(): void {
  assert.ok(moot.running(), 'the server process is running');
  const bad = moot
    .logs()
    .split('\n')
    .filter((line) => !reported.has(line) && (/"level":(50|60)/.test(line) || /unhandled|uncaught/i.test(line)));
  for (const line of bad) reported.add(line);
  assert.deepEqual(bad, [], 'no error, unhandled rejection or uncaught exception in the server log');
  assert.deepEqual(moot.janusPids(), [janusPid], 'Janus never crashed');
}

function assertDocumentedError(code: unknown, message: unknown, where: string): void {
  assert.ok(typeof code === 'string' && code in errorMessages, `${where}: '${String(code)}' is a documented error code`);
  assert.notEqual(code, 'internal', `${where}: no internal error`);
  assert.equal(message, errorMessages[code as keyof typeof errorMessages], `${where}: the message for ${String(code)}`);
}

// ---------- generators shared by both fuzzers ----------

const anyText = (maxLength: number, minLength = 0) => fc.string({ unit: 'binary', minLength, maxLength });
/** A name the fuzzer replaces with a live value (a room, a participant, a token) when it sends. */
const ref = (...names: string[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: anyText(40) });

type Obj = Record<string, unknown>;
/** One frame on the socket or one body: JSON to be resolved, literal text, or bytes. */
type Payload = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'binary'; bytes: Uint8Array };
const HOLE = '\u0000hole\u0000';

/** A field made invalid in one of many ways, a field missing or added, text that is not JSON. */
function mutated(valid: fc.Arbitrary<Obj>): fc.Arbitrary<Payload> {
  const pickKey = (o: Obj, n: number) => Object.keys(o)[n % Math.max(1, Object.keys(o).length)] ?? 'type';
  const json = (value: unknown): Payload => ({ kind: 'json', value });
  return fc.oneof(
    { weight: 8, arbitrary: valid.map(json) },
    { weight: 2, arbitrary: fc.tuple(valid, fc.nat(), fc.jsonValue({ maxDepth: 3 })).map(([o, n, v]) => json({ ...o, [pickKey(o, n)]: v })) },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat()).map(([o, n]) => {
        const copy = { ...o };
        delete copy[pickKey(o, n)];
        return json(copy);
      }),
    },
    { weight: 1, arbitrary: fc.tuple(valid, anyText(20), fc.jsonValue({ maxDepth: 2 })).map(([o, k, v]) => json({ ...o, [k]: v })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.nat(), fc.integer({ min: 1000, max: MAX_MESSAGE_BYTES + 8000 }), fc.constantFrom('x', 'é', '\u{1F600}'))
        .map(([o, n, length, unit]) => json({ ...o, [pickKey(o, n)]: unit.repeat(length) })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat(), fc.integer({ min: 10, max: 30_000 }), fc.boolean()).map(([o, n, depth, arrays]) => {
        const [open, close] = arrays ? ['[', ']'] : ['{"a":', '}'];
        const text = JSON.stringify({ ...o, [pickKey(o, n)]: HOLE }).replace(JSON.stringify(HOLE), `${open.repeat(depth)}1${close.repeat(depth)}`);
        return { kind: 'text' as const, text };
      }),
    },
    { weight: 1, arbitrary: fc.tuple(valid, fc.nat()).map(([o, n]) => ({ kind: 'text' as const, text: JSON.stringify(o).slice(0, n % 40) })) },
    { weight: 1, arbitrary: anyText(300).map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
    { weight: 1, arbitrary: fc.oneof(fc.uint8Array({ maxLength: 300 }), valid.map((o) => new TextEncoder().encode(JSON.stringify(o)))).map((bytes) => ({ kind: 'binary' as const, bytes })) },
  );
}

/** Replaces the fuzzer's names (`$room`, `$peer`, …) inside a value by live ones. */
function resolve(value: unknown, live: (name: string) => string | undefined, depth = 0): unknown {
  if (typeof value === 'string') return value.startsWith('$') ? (live(value) ?? value) : value;
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolve(v, live, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, live, depth + 1)]));
}

function payloadText(payload: Payload, live: (name: string) => string | undefined): string | Uint8Array {
  if (payload.kind === 'binary') return payload.bytes;
  if (payload.kind === 'text') return payload.text;
  return JSON.stringify(resolve(payload.value, live));
}

// ---------- signaling ----------

const SDP_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');

const sdp = fc.oneof(
  fc.constant(SDP_OFFER),
  fc.tuple(fc.nat(SDP_OFFER.length), anyText(40)).map(([at, junk]) => SDP_OFFER.slice(0, at) + junk + SDP_OFFER.slice(at)),
  anyText(400, 10),
);
const candidate = fc.record(
  {
    candidate: fc.oneof(fc.constant('candidate:1 1 udp 2122260223 127.0.0.1 54400 typ host'), anyText(120)),
    sdpMid: fc.option(fc.constantFrom('0', '1', 'x'), { nil: null }),
    sdpMLineIndex: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    usernameFragment: fc.option(fc.constant('abcd'), { nil: null }),
  },
  { requiredKeys: ['candidate'] },
);
const source = fc.constantFrom('audio', 'camera', 'screen');
const bool = fc.boolean();
const type = <T extends string>(t: T) => fc.constant(t);
const version = fc.constant(PROTOCOL_VERSION);

/** A valid message of each type the browser may send (the names resolved when sent). */
const validSignaling: Record<string, fc.Arbitrary<Obj>> = {
  join: fc.record(
    {
      type: type('join'),
      version,
      room: ref('$open', '$coded', '$members', '$lobby'),
      name: fc.oneof(fc.constant('Fuzzy Guest'), anyText(90)),
      accessCode: fc.constantFrom(CODE, 'wrong1', '0000'),
      audioMuted: bool,
      videoMuted: bool,
      listenOnly: bool,
    },
    { requiredKeys: ['type', 'version', 'room'] },
  ),
  resume: fc.record({ type: type('resume'), version, token: ref('$token') }),
  publish: fc.record({ type: type('publish'), source, sdp }),
  unpublish: fc.record({ type: type('unpublish'), source }),
  answer: fc.record({ type: type('answer'), sdp }),
  trickle: fc.record({ type: type('trickle'), target: fc.constantFrom('audio', 'camera', 'screen', 'subscriber'), candidate: fc.option(candidate, { nil: null }) }),
  restartIce: fc.record({ type: type('restartIce') }),
  mute: fc.record({ type: type('mute'), kind: fc.constantFrom('audio', 'video'), muted: bool }),
  chat: fc.record({ type: type('chat'), text: fc.oneof(fc.constant('hello'), anyText(MAX_CHAT_LENGTH + 10)) }),
  leave: fc.record({ type: type('leave') }),
  endMeeting: fc.record({ type: type('endMeeting') }),
  record: fc.record({ type: type('record'), active: bool }),
  view: fc.record(
    {
      type: type('view'),
      tiles: fc.array(fc.record({ participantId: ref('$peer', '$self'), source: fc.constantFrom('camera', 'screen'), height: fc.integer({ min: 0, max: 4320 }) }), { maxLength: 26 }),
      audioOnly: bool,
    },
    { requiredKeys: ['type', 'tiles'] },
  ),
  quality: fc.record({ type: type('quality'), level: fc.constantFrom('good', 'fair', 'poor') }),
  hand: fc.record({ type: type('hand'), raised: bool }),
  moderate: fc.record({
    type: type('moderate'),
    action: fc.constantFrom('mute', 'askUnmute', 'stopVideo', 'remove', 'promote', 'demote', 'lowerHand'),
    target: ref('$peer', '$self'),
  }),
  muteAll: fc.record({ type: type('muteAll') }),
  lock: fc.record({ type: type('lock'), locked: bool }),
  admit: fc.record({ type: type('admit'), id: ref('$waiting') }),
  deny: fc.record({ type: type('deny'), id: ref('$waiting') }),
  collabSync: fc.record({ type: type('collabSync'), doc: fc.constantFrom('board', 'notes'), stateVector: fc.constantFrom('AA==', 'AYTx', '') }),
  collabUpdate: fc.record({ type: type('collabUpdate'), doc: fc.constantFrom('board', 'notes'), update: fc.constantFrom('AQHm9J2mBQAEAQR0ZXh0BUhlbGxvAA==', 'AAAA', '/////w==') }),
  collabCursor: fc.record({
    type: type('collabCursor'),
    doc: type('board'),
    at: fc.option(fc.record({ page: fc.constantFrom('blank', 'deck:1'), x: fc.integer({ min: -20, max: 1700 }), y: fc.integer({ min: -20, max: 1000 }) }), { nil: null }),
  }),
  collabAccess: fc.record({ type: type('collabAccess'), doc: fc.constantFrom('board', 'notes'), access: fc.constantFrom('everyone', 'moderators') }),
  pollCreate: fc.record({
    type: type('pollCreate'),
    question: fc.oneof(fc.constant('Ready?'), anyText(310)),
    kind: fc.constantFrom('single', 'multiple', 'yesno'),
    options: fc.array(fc.oneof(fc.constant('Yes'), anyText(110)), { maxLength: 11 }),
    anonymous: bool,
  }),
  pollVote: fc.record({ type: type('pollVote'), pollId: fc.constantFrom('Aold-poll', ''), choices: fc.array(fc.integer({ min: -1, max: 10 }), { maxLength: 11 }) }),
  pollClose: fc.record({ type: type('pollClose'), pollId: fc.constantFrom('Aold-poll', ''), publish: bool }),
  livestream: fc.record({ type: type('livestream'), active: bool }),
  listen: fc.record({ type: type('listen') }),
  breakoutStart: fc.record({ type: type('breakoutStart'), rooms: fc.integer({ min: 1, max: 21 }), assign: fc.constantFrom('random', 'manual', 'choose'), minutes: fc.integer({ min: 0, max: 241 }) }),
  breakoutMove: fc.record({ type: type('breakoutMove'), participantId: ref('$peer', '$self'), room: fc.option(fc.integer({ min: -1, max: 20 }), { nil: null }) }),
  breakoutMessage: fc.record({ type: type('breakoutMessage'), text: fc.oneof(fc.constant('Five minutes left'), anyText(MAX_CHAT_LENGTH + 10)) }),
  breakoutEnd: fc.record({ type: type('breakoutEnd') }),
  renameCaller: fc.record({ type: type('renameCaller'), target: ref('$peer', '$self'), name: fc.oneof(fc.constant('Dana'), anyText(90)) }),
  slidesShow: fc.record({ type: type('slidesShow'), deckId: fc.option(fc.constantFrom('AAAAAAAAAAAAAAAAAAAAAA', 'not-a-deck'), { nil: null }) }),
  slidesPage: fc.record({ type: type('slidesPage'), page: fc.integer({ min: -1, max: 10_001 }), zoom: fc.double({ min: 0, max: 10, noNaN: true }) }),
  setPresenter: fc.record({ type: type('setPresenter'), target: ref('$peer', '$self'), presenter: bool }),
  stageMode: fc.record({ type: type('stageMode'), active: bool, defaultMinutes: fc.integer({ min: 0, max: 121 }) }),
  stageMove: fc.record({ type: type('stageMove'), participantId: ref('$peer', '$self'), place: fc.constantFrom('stage', 'backstage', 'audience', 'roof') }),
  stageQueueAdd: fc.record({ type: type('stageQueueAdd'), participantId: ref('$peer', '$self'), title: fc.oneof(fc.constant('Rust in 5'), anyText(130)), minutes: fc.option(fc.integer({ min: 0, max: 121 }), { nil: undefined }) }),
  stageQueueMove: fc.record({ type: type('stageQueueMove'), talkId: fc.constantFrom('t1', 'x'.repeat(40)), index: fc.integer({ min: -1, max: 60 }) }),
  stageQueueRemove: fc.record({ type: type('stageQueueRemove'), talkId: fc.constantFrom('t1', 'x'.repeat(40)) }),
  stagePassMic: fc.record({ type: type('stagePassMic') }),
  programWatch: fc.record({ type: type('programWatch') }),
  programAnswer: fc.record({ type: type('programAnswer'), sdp }),
  programTrickle: fc.record({ type: type('programTrickle'), candidate: fc.option(candidate, { nil: null }) }),
};

// Joining again is likelier than anything else, so a socket removed or ended goes on fuzzing a meeting.
const signalingFrame = fc.oneof(
  ...Object.entries(validSignaling).map(([t, arbitrary]) => ({ weight: t === 'join' ? 4 : 1, arbitrary: mutated(arbitrary) })),
);
type Ending = 'none' | 'oversized' | 'not-utf8';
const batch = fc.record({
  frames: fc.array(signalingFrame, { minLength: 40, maxLength: 80 }),
  /** Ends with a frame that breaks the WebSocket protocol (above the size limit, or text that is not UTF-8): the server closes that socket. */
  ending: fc.oneof(
    { weight: 14, arbitrary: fc.constant<Ending>('none') },
    { weight: 1, arbitrary: fc.constant<Ending>('oversized') },
    { weight: 1, arbitrary: fc.constant<Ending>('not-utf8') },
  ),
});

type Role = 'guest' | 'member' | 'moderator';

/** What the fuzzer has seen of the live meetings: whom a `$peer` can name, which tokens exist. */
class LiveNames {
  readonly peers = new Set<string>();
  readonly tokens = new Set<string>();
  readonly waiting = new Set<string>();
  private n = 0;

  see(message: ServerMessage): void {
    if (message.type === 'joined') {
      this.tokens.add(message.resumeToken);
      for (const p of message.participants) this.peers.add(p.id);
    }
    if (message.type === 'participantJoined') this.peers.add(message.participant.id);
    if (message.type === 'lobby') for (const w of message.waiting) this.waiting.add(w.id);
  }

  pick(set: Set<string>): string | undefined {
    const all = [...set];
    return all.length ? all[this.n++ % all.length] : undefined;
  }
}

async function fuzzSocket(role: Role, frames: Payload[], ending: Ending, names: LiveNames): Promise<number> {
  const client = await SignalingClient.connect(moot.url, role === 'guest' ? undefined : await signedIn(moot, role === 'member' ? bob : alice));
  let self: string | undefined;
  client.socket.on('message', () => {
    const last = client.received.at(-1)!;
    names.see(last);
    if (last.type === 'joined') self = last.self.id;
  });
  const live = (name: string): string | undefined => {
    if (name in { $open: 1, $coded: 1, $members: 1, $lobby: 1 }) return rooms[name.slice(1) as keyof typeof rooms];
    if (name === '$self') return self;
    if (name === '$peer') return names.pick(names.peers);
    if (name === '$token') return names.pick(names.tokens);
    if (name === '$waiting') return names.pick(names.waiting);
    return undefined;
  };
  const closeCode = { none: undefined, oversized: 1009, 'not-utf8': 1007 }[ending];
  const sent: string[] = [];
  try {
    client.send({ type: 'join', room: rooms.open, name: 'Fuzzy Guest' });
    for (const frame of frames) {
      const data = payloadText(frame, live);
      sent.push(typeof data === 'string' ? data.slice(0, 200) : `<${data.length} bytes>`);
      client.sendRaw(typeof data === 'string' ? data : Buffer.from(data));
    }
    if (ending === 'oversized') client.sendRaw('x'.repeat(MAX_FRAME_BYTES + 1));
    if (ending === 'not-utf8') client.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    if (closeCode) {
      await client.next('error', () => false, 10_000).catch(() => undefined);
      assert.ok(client.closed, `${role}: the server closes a socket that breaks the WebSocket protocol`);
      // The server closes an oversized frame's socket while the frame is still arriving: the close
      // frame (1009) can lose the race with the reset that follows, which the client sees as 1006.
      const accepted = ending === 'oversized' ? [closeCode, 1006] : [closeCode];
      assert.ok(accepted.includes(client.closeCode!), `${role}: closed with ${client.closeCode}, not with the code that says why (${closeCode})`);
    } else {
      // Messages are answered in order: the answer to this unknown type comes after all the others.
      client.sendJson({ type: 'end-of-batch' });
      await client.next('error', (m) => m.ref === 'end-of-batch', 60_000);
      assert.equal(client.closed, false, `${role}: the socket stays open`);
    }
    for (const message of client.received) {
      if (message.type === 'error') assertDocumentedError(message.code, message.message, `${role} signaling`);
    }
    return frames.length + 2;
  } catch (error) {
    (error as Error).message += `\n${role} sent (first 200 characters of each):\n${sent.join('\n')}`;
    throw error;
  } finally {
    if (!client.closed) client.send({ type: 'leave' });
    await client.close();
  }
}

test('signaling: thousands of generated and mutated messages of every type, as guest, member and moderator, get only documented answers', async () => {
  const schemaTypes = ClientMessage.options.map((o) => o.shape.type.value).sort();
  assert.deepEqual(Object.keys(validSignaling).sort(), schemaTypes, 'the fuzzer knows every client message type');

  let frames = 0;
  const seenTypes = new Set<string>();
  await fc.assert(
    fc.asyncProperty(fc.tuple(batch, batch, batch), async (batches) => {
      const names = new LiveNames();
      const roles: Role[] = ['moderator', 'member', 'guest'];
      for (const b of batches) {
        for (const f of b.frames) {
          const type = f.kind === 'json' ? (f.value as Obj)?.type : undefined;
          if (typeof type === 'string') seenTypes.add(type);
        }
      }
      const counts = await Promise.all(roles.map((role, i) => fuzzSocket(role, batches[i]!.frames, batches[i]!.ending, names)));
      frames += counts.reduce((a, b) => a + b, 0);
      assertServerHealthy();
    }),
    { seed: SEED, numRuns: SIGNALING_RUNS, endOnFailure: true },
  );
  for (const t of schemaTypes) assert.ok(seenTypes.has(t), `'${t}' was sent`);
  assert.ok(frames >= 10_000, `at least 10 000 signaling messages were sent (${frames})`);
});

// ---------- REST ----------

const email = fc.oneof(fc.constantFrom('$carol', 'nobody@example.test'), anyText(60), fc.emailAddress());
const password = fc.oneof(fc.constant('correct horse battery'), anyText(220));
const roomBody = fc.record(
  {
    name: fc.oneof(fc.constant('Fuzz room'), anyText(90)),
    guests: fc.constantFrom('off', 'link', 'code'),
    accessCode: fc.constantFrom('Code1234', 'x'),
    maxParticipants: fc.integer({ min: 0, max: 600 }),
    lobby: fc.constantFrom('off', 'guests', 'everyone'),
    joinMutedAbove: fc.integer({ min: -1, max: 501 }),
    moderators: fc.array(email, { maxLength: 3 }),
    recording: fc.record({ allowed: bool, maxAgeDays: fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }) }),
  },
  { requiredKeys: [] },
);
const none = fc.constant<Obj>({});
const roomId = ref('$room', '$unknown');

interface RestRoute {
  name: keyof typeof routes | keyof typeof accountRoutes | keyof typeof featureRoutes;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path's parameters (names resolved when sent). */
  params?: fc.Arbitrary<string[]>;
  body?: fc.Arbitrary<Obj>;
}

const one = (a: fc.Arbitrary<string>) => a.map((s) => [s]);
/** The meeting features' routes, which their own protocol modules name. */
const featureRoutes = {
  roomSlides: slideRoutes.decks,
  roomSlide: slideRoutes.deck,
  roomSlideFile: slideRoutes.file,
  roomNotes: collabRoutes.roomNotes,
  roomPolls: pollResultsPath,
  roomLivestreamDestinations: livestreamDestinationsPath,
  roomLivestreamHls: livestreamHlsPath,
  orgBranding: orgRoutes.branding,
  orgLogo: orgRoutes.logo,
  orgMembers: orgRoutes.members,
  orgMember: orgRoutes.member,
  orgPolicies: orgRoutes.policies,
  orgBrandingSettings: orgRoutes.brandingSettings,
  orgBrandingLogo: orgRoutes.brandingLogo,
  orgAudit: orgRoutes.audit,
  orgAccessAudit: orgRoutes.accessAudit,
  operatorOrganizations: orgRoutes.operatorOrganizations,
  orgSsoProviders: orgIdentityRoutes.ssoProviders,
  orgSsoProvider: orgIdentityRoutes.ssoProvider,
  orgLdap: orgLdapRoutes.directory,
};
/** A PNG's first bytes, then anything: the server must check what follows too. */
const logoData = fc.oneof(fc.constant('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), fc.base64String({ maxLength: 200 }), anyText(100));
/** Identity providers only at addresses nothing answers on: the fuzzer must never make the server reach out. */
const providerUrl = fc.constantFrom('http://127.0.0.1:9/idp', 'https://idp.invalid/sso', 'ftp://x', '');
const recording = one(ref('$recording', '$unknown'));
/** Every REST route and each method the server registers for it. */
const restRoutes: RestRoute[] = [
  { name: 'me', method: 'GET' },
  { name: 'session', method: 'POST', body: fc.record({ email, password }) },
  { name: 'session', method: 'DELETE' },
  { name: 'setup', method: 'POST', body: fc.record({ token: anyText(210), email, name: anyText(90), password }) },
  { name: 'rooms', method: 'GET' },
  { name: 'rooms', method: 'POST', body: roomBody },
  { name: 'room', method: 'GET', params: one(roomId) },
  { name: 'room', method: 'PATCH', params: one(roomId), body: roomBody },
  { name: 'room', method: 'DELETE', params: one(roomId) },
  { name: 'roomEntry', method: 'GET', params: one(roomId) },
  { name: 'roomModerators', method: 'GET', params: one(roomId) },
  { name: 'roomModerators', method: 'PUT', params: one(roomId), body: fc.record({ emails: fc.array(email, { maxLength: 4 }) }) },
  { name: 'adminUsers', method: 'GET' },
  { name: 'adminUsers', method: 'POST', body: fc.record({ email, name: anyText(90) }) },
  { name: 'adminUser', method: 'PATCH', params: one(ref('$user', '$unknown')), body: fc.record({ status: fc.constantFrom('active', 'suspended'), role: fc.constantFrom('admin', 'member') }, { requiredKeys: [] }) },
  { name: 'adminUserInvitation', method: 'POST', params: one(ref('$user', '$unknown')), body: none },
  { name: 'adminMail', method: 'GET' },
  { name: 'adminDashboard', method: 'GET' },
  { name: 'adminLdapSync', method: 'GET' },
  { name: 'adminSettings', method: 'GET' },
  { name: 'adminSettings', method: 'PUT', body: fc.record({ guests: bool }) },
  { name: 'recordings', method: 'GET' },
  { name: 'recording', method: 'GET', params: recording },
  { name: 'recording', method: 'DELETE', params: recording },
  { name: 'recordingLinks', method: 'POST', params: recording, body: none },
  { name: 'recordingMedia', method: 'GET', params: recording },
  { name: 'recordingNotes', method: 'GET', params: recording },
  { name: 'recordingMeeting', method: 'GET', params: recording },
  { name: 'recordingShares', method: 'POST', params: recording, body: fc.record({ email }) },
  { name: 'recordingShare', method: 'DELETE', params: fc.tuple(ref('$recording'), ref('$user', '$unknown')) },
  { name: 'recordingShareLinks', method: 'POST', params: recording, body: fc.record({ days: fc.integer({ min: -1, max: 40 }) }, { requiredKeys: [] }) },
  { name: 'recordingShareLinks', method: 'GET', params: recording },
  { name: 'recordingShareLink', method: 'DELETE', params: fc.tuple(ref('$recording'), ref('$unknown')) },
  { name: 'roomSlides', method: 'GET', params: one(roomId) },
  { name: 'roomSlides', method: 'POST', params: one(roomId), body: none },
  { name: 'roomSlide', method: 'DELETE', params: fc.tuple(roomId, ref('$unknown')) },
  { name: 'roomSlideFile', method: 'GET', params: fc.tuple(roomId, ref('$unknown')) },
  { name: 'roomNotes', method: 'GET', params: one(roomId) },
  { name: 'roomPolls', method: 'GET', params: one(roomId) },
  { name: 'roomLivestreamDestinations', method: 'GET', params: one(roomId) },
  { name: 'roomLivestreamHls', method: 'GET', params: one(roomId) },
  { name: 'roomLivestreamHls', method: 'PUT', params: one(roomId), body: fc.record({ access: fc.constantFrom('off', 'public', 'link', 'everyone'), newLink: bool }, { requiredKeys: ['access'] }) },
  {
    name: 'roomLivestreamDestinations',
    method: 'PUT',
    params: one(roomId),
    body: fc.record({
      destinations: fc.array(
        fc.record(
          { id: fc.constantFrom('Aold-destination', ''), name: fc.oneof(fc.constant('Stream'), anyText(70)), url: fc.constantFrom('rtmp://127.0.0.1:9/live', 'https://example.org', ''), streamKey: fc.oneof(fc.constant('key'), anyText(310)) },
          { requiredKeys: ['name', 'url'] },
        ),
        { maxLength: 6 },
      ),
    }),
  },
  { name: 'recordingRetry', method: 'POST', params: recording, body: none },
  { name: 'roomRecordingSettings', method: 'GET', params: one(roomId) },
  { name: 'roomRecordingSettings', method: 'PUT', params: one(roomId), body: fc.record({ allowed: bool, maxAgeDays: fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }) }) },
  { name: 'sharedRecording', method: 'POST', body: fc.record({ token: ref('$token43') }) },
  { name: 'sharedRecordingMedia', method: 'GET', params: one(ref('$unknown')) },
  { name: 'passwordReset', method: 'POST', body: fc.record({ email }) },
  { name: 'passwordResetComplete', method: 'POST', body: fc.record({ token: anyText(210), password }) },
  { name: 'sessionConfirm', method: 'POST', body: fc.record({ password }) },
  { name: 'allSessions', method: 'DELETE' },
  { name: 'adminAudit', method: 'GET' },
  { name: 'adminAccessAudit', method: 'GET' },
  { name: 'orgBranding', method: 'GET' },
  { name: 'orgLogo', method: 'GET' },
  { name: 'orgMembers', method: 'GET' },
  { name: 'orgMembers', method: 'POST', body: fc.record({ email, name: anyText(90) }) },
  { name: 'orgMember', method: 'PATCH', params: one(ref('$user', '$unknown')), body: fc.record({ orgAdmin: bool, status: fc.constantFrom('active', 'suspended') }, { requiredKeys: [] }) },
  { name: 'orgMember', method: 'DELETE', params: one(ref('$user', '$unknown')) },
  { name: 'orgPolicies', method: 'GET' },
  { name: 'orgPolicies', method: 'PUT', body: fc.record({ guests: bool, recordings: bool, retentionDays: fc.option(fc.integer({ min: -1, max: 40_000 }), { nil: null }) }) },
  { name: 'orgBrandingSettings', method: 'PUT', body: fc.record({ name: anyText(210), color: fc.option(fc.constantFrom('#1a7f5a', '#12345', 'red'), { nil: null }) }, { requiredKeys: [] }) },
  { name: 'orgBrandingLogo', method: 'PUT', body: fc.record({ contentType: fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'), data: logoData }) },
  { name: 'orgBrandingLogo', method: 'DELETE' },
  { name: 'orgAudit', method: 'GET' },
  { name: 'orgAccessAudit', method: 'GET' },
  { name: 'operatorOrganizations', method: 'GET' },
  { name: 'orgSsoProviders', method: 'GET' },
  {
    name: 'orgSsoProvider',
    method: 'PUT',
    params: one(fc.constantFrom('partner', 'Bad Id', '')),
    body: fc.oneof(
      fc.record({ kind: fc.constant('oidc'), name: anyText(70), issuer: providerUrl, clientId: anyText(30), clientSecret: anyText(30) }, { requiredKeys: ['kind'] }),
      fc.record({ kind: fc.constant('saml'), name: anyText(70), entryPoint: providerUrl, idpEntityId: anyText(30), idpCert: fc.constantFrom('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', 'x') }, { requiredKeys: ['kind'] }),
    ),
  },
  { name: 'orgSsoProvider', method: 'DELETE', params: one(fc.constantFrom('partner', 'Bad Id')) },
  { name: 'orgLdap', method: 'GET' },
  {
    name: 'orgLdap',
    method: 'PUT',
    body: fc.record(
      { url: fc.constantFrom('ldap://127.0.0.1:9', 'ldaps://directory.invalid', 'http://x', ''), insecure: bool, baseDn: fc.constantFrom('dc=example,dc=org', 'not a dn', ''), bindDn: fc.option(anyText(60), { nil: null }), bindPassword: anyText(40), filter: anyText(80) },
      { requiredKeys: ['url', 'baseDn'] },
    ),
  },
  { name: 'orgLdap', method: 'DELETE' },
];
const pages = new Set(['roomPage', 'watchPage', 'recordingsPage', 'resetPage', 'resetCompletePage', 'invitationPage']);
/** Ending one's own session would leave the rest of the run unsigned: these go out without a cookie. */
const signsOut = new Set(['session DELETE', 'allSessions DELETE']);

const query = fc.dictionary(fc.constantFrom('limit', 'person', 'action', 'from', 'to', 'x'), fc.oneof(anyText(30), fc.integer().map(String)), { maxKeys: 3 });
const restRequest: fc.Arbitrary<RestRequest> = fc.oneof(
  ...restRoutes.map((route) =>
    fc.record({
      route: fc.constant(`${route.method} ${route.name}`),
      params: route.params ?? fc.constant<string[]>([]),
      query,
      body: route.method === 'GET' ? fc.constant(undefined) : mutated(route.body ?? none),
      contentType: fc.oneof({ weight: 9, arbitrary: fc.constant<string>('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1') }),
    }),
  ),
);

function restLive(name: string): string | undefined {
  switch (name) {
    case '$room':
      return restRooms[0];
    case '$unknown':
      return 'AAAAAAAAAAAAAAAAAAAAAA';
    case '$recording':
      return recordingId;
    case '$user':
    case '$carol':
      return name === '$user' ? carol.id : carol.email;
    case '$token43':
      return 'B'.repeat(43);
    default:
      return undefined;
  }
}

interface RestRequest {
  /** `<method> <name>` of a RestRoute: plain text, so a failing case prints readably. */
  route: string;
  params: string[];
  query: Record<string, string>;
  body: Payload | undefined;
  contentType: string;
}

async function sendRest(role: Role | 'admin', request: RestRequest): Promise<void> {
  const route = restRoutes.find((r) => `${r.method} ${r.name}` === request.route)!;
  const signedInAs = { guest: undefined, member: bob, moderator: alice, admin }[role];
  const http = signedInAs && !signsOut.has(`${route.name} ${route.method}`) ? await signedIn(moot, signedInAs) : new HttpClient(moot.url);
  const make = (routes as Record<string, unknown>)[route.name] ?? (accountRoutes as Record<string, unknown>)[route.name] ?? (featureRoutes as Record<string, unknown>)[route.name];
  const params = request.params.map((p) => encodeURIComponent(String(resolve(p, restLive))).slice(0, 2000) || '%20');
  const path = typeof make === 'function' ? (make as (...a: string[]) => string)(...params) : String(make);
  const search = new URLSearchParams(request.query).toString();
  const { body } = request;
  let raw: string | undefined;
  if (body) {
    const data = payloadText(body, restLive);
    raw = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  }
  const where = `${role} ${route.method} ${path.slice(0, 120)} ${raw?.slice(0, 200) ?? ''}`;
  const response: HttpResponse = await http.request(route.method, search ? `${path}?${search}` : path, raw === undefined ? {} : { raw, contentType: request.contentType });
  assert.ok(response.status < 500, `${where}: no 5xx (got ${response.status}: ${response.text.slice(0, 300)})`);
  if (response.status >= 400) assertDocumentedError(response.body?.error?.code, response.body?.error?.message, where);
  // A room the fuzzer deleted is replaced, so later requests keep reaching a real room.
  if (route.method === 'DELETE' && route.name === 'room' && response.status < 300 && params[0] === restRooms[0]) {
    restRooms.shift();
    if (restRooms.length === 0) restRooms.push((await addRoom(moot, alice, 'Rest again', 'link')).id);
  }
}

test('REST: every route and method with generated and mutated bodies, as anonymous, member, moderator and administrator, never answers 5xx or an undocumented code', async () => {
  const known = [...Object.keys(routes), ...Object.keys(accountRoutes), ...Object.keys(featureRoutes)].filter((n) => !pages.has(n)).sort();
  assert.deepEqual([...new Set(restRoutes.map((r) => r.name))].sort(), known, 'the fuzzer knows every REST route');

  let requests = 0;
  const roles = ['guest', 'member', 'moderator', 'admin'] as const;
  await fc.assert(
    fc.asyncProperty(fc.array(restRequest, { minLength: 20, maxLength: 30 }), async (list) => {
      // One role per request, in turn; the roles' requests run side by side.
      await Promise.all(
        roles.map(async (role, r) => {
          for (const request of list.filter((_, i) => i % roles.length === r)) await sendRest(role, request);
        }),
      );
      requests += list.length;
      assertServerHealthy();
    }),
    { seed: SEED, numRuns: REST_RUNS, endOnFailure: true },
  );
  assert.ok(requests >= 1000, `at least 1 000 REST requests were sent (${requests})`);
});

test('after the fuzzing the server still holds a meeting: two members join and chat, and Janus is up', async () => {
  assertServerHealthy();
  assert.deepEqual(await moot.health(), { ok: true, janus: 'up' });
  const room = await addRoom(moot, alice, 'After the storm', 'off');
  const a = await SignalingClient.connect(moot.url, await signedIn(moot, alice));
  const b = await SignalingClient.connect(moot.url, await signedIn(moot, bob));
  try {
    const joinedA = await a.join({ room: room.id });
    const joinedB = await b.join({ room: room.id });
    assert.deepEqual(joinedB.participants.map((p) => p.id).sort(), [joinedA.self.id, joinedB.self.id].sort(), 'both are in the meeting');
    a.send({ type: 'chat', text: 'still here' });
    const chat = await b.next('chat');
    assert.equal(chat.message.text, 'still here');
    assert.equal(chat.message.from.id, joinedA.self.id);
  } finally {
    await Promise.all([a, b].map((c) => c.close()));
  }
  assertServerHealthy();
});
