// Two moot server processes of one installation (one PostgreSQL, one Redis, both real): what
// concerns the installation's live meetings as a whole is the same whichever process is asked:
// the BigBlueButton API's list of meetings, the operators' counts, and an organization's
// participants quota.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import bbb from 'bigbluebutton-js';
import { test } from '../helpers/diagnostics.ts';
import { Sockets } from '../helpers/fixtures.ts';
import { bbbCall, ticketOf } from '../helpers/bbb.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { addOrgPerson, orgSession, type OrgPerson } from '../helpers/orgs.ts';
import { SignalingClient } from '../helpers/signaling.ts';
import { waitFor } from '../helpers/wait.ts';
import type { Moot } from '../helpers/moot.ts';

let cluster: TestCluster;
let a: Moot;
let b: Moot;
const sockets = new Sockets();

before(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.servers as [Moot, Moot];
});

afterEach(() => sockets.closeAll());
after(async () => {
  await sockets.closeAll();
  await cluster?.stop();
});

const asList = <T>(value: unknown): T[] => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]) as T[];

test('a new meeting starts in the process asked unless the other carries clearly fewer people, and then in that one', async () => {
  const { secret } = await a.cli<{ secret: string }>(['bbb', 'secret', '--json']);
  const api = bbb.api(`${a.url}/bigbluebutton`, secret);
  const redis = cluster.redis.client();
  /** The port of the process that runs the meeting, from the owner and heartbeat the processes keep in Redis. */
  const runsAt = async (roomId: string) => {
    const owner = await redis.get(`moot:meeting-owner:${roomId}`);
    return owner && new URL((await redis.get(`moot:process:${owner}`))!).port;
  };
  const entered: SignalingClient[] = [];
  /** A meeting of its own, entered through `server` by `people` muted attendees. */
  const meeting = async (id: string, server: Moot, people: number) => {
    assert.equal((await bbb.http(api.administration.create(id, id, { moderatorPW: 'mp', attendeePW: 'ap' }))).returncode, 'SUCCESS');
    let roomId = '';
    for (let i = 0; i < people; i++) {
      const ticket = ticketOf((await bbbCall(api.administration.join(`Person ${i}`, id, 'ap', { userID: `${id}-${i}` }))).location!);
      const socket = sockets.add(await SignalingClient.connect(server.url));
      await socket.join({ room: ticket.roomId, ticket: ticket.ticket, audioMuted: true, videoMuted: true });
      entered.push(socket);
      roomId = ticket.roomId;
    }
    return roomId;
  };
  try {
    const busy = await meeting('placement-busy', a, 9);
    assert.equal(await runsAt(busy), String(a.port), 'with both processes idle, the meeting starts where its first person arrived');
    const owner = await redis.get(`moot:meeting-owner:${busy}`);
    await waitFor(async () => Number(await redis.zscore('moot:process-loads', owner!)) >= 9 || undefined, { timeoutMs: 10_000, message: "A's nine people in its load" });

    assert.equal(await runsAt(await meeting('placement-moved', a, 1)), String(b.port), 'A carries nine more people than B: the meeting asked of A starts in B');
    assert.equal(await runsAt(await meeting('placement-lighter', b, 1)), String(b.port), 'B, the lighter, keeps what is asked of it');
    assert.equal(await runsAt(await meeting('placement-near', a, 1)), String(a.port), 'B now carries a few people: within the margin, A keeps what is asked of it');

    // Everyone leaves: the processes' loads fall back to nothing for the tests that follow.
    for (const socket of entered) socket.send({ type: 'leave' });
    await waitFor(async () => (await redis.zcount('moot:process-loads', '(0', '+inf')) === 0 || undefined, {
      timeoutMs: 15_000,
      message: 'both processes to carry nobody',
    });
  } finally {
    redis.disconnect();
  }
});

test('BigBlueButton getMeetings asked of either process lists the meeting running in the other as running, with its attendees', async () => {
  const { secret } = await a.cli<{ secret: string }>(['bbb', 'secret', '--json']);
  const api = (server: Moot) => bbb.api(`${server.url}/bigbluebutton`, secret);
  const meetingID = 'cluster-getmeetings';
  assert.equal((await bbb.http(api(a).administration.create('Course across processes', meetingID, { moderatorPW: 'mp', attendeePW: 'ap' }))).returncode, 'SUCCESS');
  const teacher = ticketOf((await bbbCall(api(a).administration.join('Maria Teacher', meetingID, 'mp', { userID: 'lms-7' }))).location!);
  const student = ticketOf((await bbbCall(api(b).administration.join('Sam Student', meetingID, 'ap', { userID: 'lms-8' }))).location!);
  // The meeting starts in A; the student's socket reaches B, which relays it there.
  await sockets.add(await SignalingClient.connect(a.url)).join({ room: teacher.roomId, ticket: teacher.ticket, audioMuted: true, videoMuted: true });
  await sockets.add(await SignalingClient.connect(b.url)).join({ room: student.roomId, ticket: student.ticket, audioMuted: true, videoMuted: true });
  for (const server of [b, a]) {
    const answer = await bbb.http(api(server).monitoring.getMeetings());
    assert.equal(answer.returncode, 'SUCCESS');
    // The client flattens the list: `meetings` is the array of meetings.
    const meeting = asList<Record<string, unknown>>(answer.meetings).find((m) => m.meetingID === meetingID);
    assert.ok(meeting, `the meeting is listed by ${server.url}`);
    assert.equal(String(meeting.running), 'true', `running, asked of ${server.url}`);
    assert.equal(String(meeting.participantCount), '2');
    assert.equal(String(meeting.moderatorCount), '1');
    assert.deepEqual(
      asList<{ fullName: string; role: string; userID: unknown }>((meeting.attendees as { attendee?: unknown } | undefined)?.attendee)
        .map((p) => [p.fullName, p.role, String(p.userID)])
        .sort(),
      [
        ['Maria Teacher', 'MODERATOR', 'lms-7'],
        ['Sam Student', 'VIEWER', 'lms-8'],
      ],
    );
  }
});

test('an organization’s participants quota and the operators’ counts take in its people in every live process: the one too many is refused whichever process it reaches, a leaver lets one in, a killed process’s people stop counting', async () => {
  await a.cli(['org', 'add', 'capped', '--name', 'Capped', '--json']);
  await a.cli(['org', 'set', 'capped', '--max-participants', '3', '--json']);
  const names = ['Pia', 'Pat', 'Pel', 'Pim', 'Pol', 'Pru', 'Pax'];
  const people = new Map<string, OrgPerson>();
  for (const name of names) people.set(name, await addOrgPerson(a, 'capped', name));
  const room = async (name: string) => (await a.cli<{ id: string }>(['room', 'add', '--owner', people.get('Pia')!.email, '--name', name, '--org', 'capped', '--json'])).id;
  const [onA, onB] = [await room('Meets in A'), await room('Meets in B')];
  /** A member's socket at the organization's address on `server`, in the room; or the code the join is refused with (the socket closed). */
  const join = async (server: Moot, name: string, roomId: string): Promise<SignalingClient | string> => {
    const socket = sockets.add(await SignalingClient.connect(`${server.url}/o/capped`, await orgSession(a, '/o/capped', people.get(name)!)));
    try {
      await socket.join({ room: roomId, audioMuted: true, videoMuted: true });
      return socket;
    } catch (err) {
      await socket.close();
      return /join refused: ([a-z-]+)/.exec((err as Error).message)?.[1] ?? (err as Error).message;
    }
  };
  const admitted = async (server: Moot, name: string, roomId: string) => {
    const joined = await join(server, name, roomId);
    assert.ok(joined instanceof SignalingClient, `${name} enters through ${server.url}, not refused with ${String(joined)}`);
    return joined;
  };
  /** Joins until the quota stops refusing (any other refusal ends the wait). */
  const admittedOnceFree = (server: Moot, name: string, roomId: string, timeoutMs: number, message: string) =>
    waitFor(async () => {
      const joined = await join(server, name, roomId);
      return joined === 'org-participant-quota' ? undefined : joined;
    }, { timeoutMs, intervalMs: 250, message });

  // Three people, two meetings, two processes: the meeting in A holds one of them through B's relay.
  await admitted(a, 'Pia', onA);
  await admitted(b, 'Pat', onB);
  const pel = await admitted(b, 'Pel', onA);
  for (const [server, roomId] of [[a, onA], [a, onB], [b, onA], [b, onB]] as const) {
    assert.equal(await join(server, 'Pim', roomId), 'org-participant-quota', `the fourth is refused through ${server.url}`);
  }
  // The operators' overview, asked of either process, counts both processes' meetings and people.
  const ops = await addOrgPerson(a, undefined, 'Ops', ['--admin']);
  for (const server of [a, b]) {
    const overview = await (await orgSession(server, '', ops, { confirm: true })).get('/api/operator/organizations');
    assert.equal(overview.status, 200);
    const capped = (overview.body.organizations as { slug: string; usage: Record<string, number> }[]).find((o) => o.slug === 'capped');
    assert.deepEqual(
      { meetings: capped?.usage.liveMeetings, people: capped?.usage.liveParticipants },
      { meetings: 2, people: 3 },
      `the operators' counts asked of ${server.url}`,
    );
  }

  // One leaves the meeting in A; the process running the other meeting lets the next one in.
  pel.send({ type: 'leave' });
  const pim = await admittedOnceFree(a, 'Pim', onB, 20_000, 'the seat left in A to be taken through the meeting in B');
  assert.ok(pim instanceof SignalingClient, `Pim enters, not refused with ${String(pim)}`);
  assert.equal(await join(b, 'Pol', onA), 'org-participant-quota', 'full again');

  // B dies with two of the organization's people in its meeting: once its heartbeat lapses, they no longer count.
  await b.crash();
  await waitFor(() => pim.closed, { timeoutMs: 30_000, message: 'the socket relayed to the dead process to close' });
  const pol = await admittedOnceFree(a, 'Pol', onA, 30_000, 'the dead process’s people to stop counting');
  assert.ok(pol instanceof SignalingClient, `Pol enters, not refused with ${String(pol)}`);
  await admitted(a, 'Pru', onA);
  assert.equal(await join(a, 'Pax', onA), 'org-participant-quota', 'the three in A fill the quota, nobody of the dead process counts');
});
