// A join storm across two moot processes of one installation (one PostgreSQL, one Redis, each
// process its own managed Janus): guests whose sockets alternate between the processes all send
// `join` at once, to one room or spread over several, and we time each until its `joined`,
// apart for those the meeting's own process serves and those relayed to it. Signaling only:
// media is the meeting benchmark's part. Prints progress on stderr and one JSON object last.
//
//   npm run bench:join-storm -- [--guests 90] [--rooms 1]
import { parseArgs } from 'node:util';
import { addRoom, addUser, type TestRoom } from '../test/helpers/fixtures.ts';
import { SignalingClient } from '../test/helpers/signaling.ts';
import { startCluster } from '../test/helpers/cluster.ts';
import { percentile } from './receive.ts';

const log = (text: string) => process.stderr.write(`[join-storm] ${text}\n`);
const { values } = parseArgs({ options: { guests: { type: 'string', default: '90' }, rooms: { type: 'string', default: '1' } } });
// One address may hold 100 signaling connections across the installation, and every guest here is 127.0.0.1.
const guests = Math.min(99, Number(values.guests));
const roomCount = Number(values.rooms);

const cluster = await startCluster(2);
try {
  const [a, b] = cluster.servers;
  await a!.cli(['settings', 'set', 'guests', 'on', '--json']);
  const owner = await addUser(a!, 'Storm Owner');
  const rooms: TestRoom[] = [];
  for (let i = 0; i < roomCount; i++) rooms.push(await addRoom(a!, owner, `Storm ${i}`, 'link'));
  const redis = cluster.redis.client();
  const sockets = await Promise.all(Array.from({ length: guests }, (_, i) => SignalingClient.connect(cluster.servers[i % 2]!.url)));
  log(`${guests} sockets open, ${roomCount} room(s): joining`);
  const started = Date.now();
  const results = await Promise.all(
    sockets.map(async (socket, i) => {
      // Neighbours share a room: every room gets guests through both processes.
      const room = rooms[Math.floor(i / 2) % roomCount]!;
      const sent = performance.now();
      await socket.join({ room: room.id, name: `Guest ${i}` });
      return { ms: performance.now() - sent, room: room.id, process: i % 2 };
    }),
  );
  const wall = Date.now() - started;
  // Which process runs each meeting: a join through the other one was relayed.
  const processIds = cluster.servers.map((server) => /"processId":"([^"]+)"/.exec(server.logs())?.[1]);
  const ownerOf = new Map<string, number>();
  for (const room of rooms) ownerOf.set(room.id, processIds.indexOf((await redis.get(`moot:meeting-owner:${room.id}`)) ?? undefined));
  const summary = (list: number[]) => ({ count: list.length, p50: Math.round(percentile(list, 50)), p95: Math.round(percentile(list, 95)), max: Math.round(Math.max(...list)) });
  const servedByOwner = results.filter((r) => ownerOf.get(r.room) === r.process).map((r) => r.ms);
  const relayed = results.filter((r) => ownerOf.get(r.room) !== r.process).map((r) => r.ms);
  const meetingsPerProcess = [0, 1].map((n) => [...ownerOf.values()].filter((o) => o === n).length);
  await Promise.all(sockets.map((s) => s.close()));
  process.stdout.write(`${JSON.stringify({ guests, rooms: roomCount, wallMs: wall, all: summary(results.map((r) => r.ms)), servedByOwner: summary(servedByOwner), relayed: summary(relayed), meetingsPerProcess })}\n`);
} finally {
  await cluster.stop();
}
