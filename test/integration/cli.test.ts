// The `moot` command on a fresh data dir with no server, then against the same data dir while
// the server runs: what the CLI writes, the server serves, and the other way round.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { randomPassword, signedIn } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { makeTempDir, runCli, runCliRaw, startMoot, type Moot } from '../helpers/moot.ts';

let dataDir: string;
let moot: Moot | undefined;
const offline = () => ({ MOOT_DATA_DIR: dataDir });

interface CliUser {
  id: string;
  email: string;
  name: string;
  role: string;
  password?: string;
}
interface CliRoom {
  id: string;
  name: string;
  url: string;
  guests: string;
  accessCode?: string;
}
const roomsOf = (value: unknown): CliRoom[] => {
  const list = Array.isArray(value) ? value : (value as { rooms?: unknown }).rooms;
  assert.ok(Array.isArray(list), `room list is a list: ${JSON.stringify(value)}`);
  return list as CliRoom[];
};

let adminPassword: string;
let member: CliUser & { password: string };
let room: CliRoom;

before(() => {
  dataDir = makeTempDir('moot-cli-');
});

after(async () => {
  await moot?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('on a fresh data dir without a server: user add, room add, room list, settings set', async () => {
  adminPassword = randomPassword();
  const admin = await runCli<CliUser>(
    offline(),
    ['user', 'add', 'Admin@Example.test', '--name', 'Ada Admin', '--admin', '--password-stdin', '--json'],
    `${adminPassword}\n`,
  );
  assert.equal(admin.email, 'admin@example.test', 'emails are stored lower-case');
  assert.equal(admin.name, 'Ada Admin');
  assert.equal(admin.role, 'admin');
  assert.equal(admin.password, undefined, 'a password given on stdin is not echoed');
  assert.ok(admin.id);

  const created = await runCli<CliUser>(offline(), ['user', 'add', 'member@example.test', '--name', 'Mo Member', '--json']);
  assert.equal(created.role, 'member');
  assert.equal(typeof created.password, 'string', 'a generated password is printed once');
  assert.ok(created.password!.length >= 10);
  member = created as CliUser & { password: string };

  const duplicate = await runCliRaw(offline(), ['user', 'add', 'member@example.test', '--name', 'Again', '--json']);
  assert.notEqual(duplicate.code, 0, 'a second account with the same email is refused');
  const short = await runCliRaw(offline(), ['user', 'add', 'short@example.test', '--name', 'Short', '--password-stdin', '--json'], 'tooshort\n');
  assert.notEqual(short.code, 0, 'a password under 10 characters is refused');

  room = await runCli<CliRoom>(offline(), [
    'room', 'add', '--owner', 'member@example.test', '--name', 'Weekly sync', '--guests', 'code', '--access-code', 'abcd1234', '--json',
  ]);
  assert.match(room.id, /^[A-Za-z0-9_-]{22}$/, 'room ids are 128 random bits');
  assert.equal(room.name, 'Weekly sync');
  assert.equal(room.guests, 'code');
  assert.equal(room.accessCode, 'abcd1234');
  assert.ok(room.url.endsWith(`/r/${room.id}`), room.url);
  const noOwner = await runCliRaw(offline(), ['room', 'add', '--owner', 'nobody@example.test', '--name', 'X', '--json']);
  assert.notEqual(noOwner.code, 0, 'a room needs an existing owner');

  const listed = roomsOf(await runCli(offline(), ['room', 'list', '--json']));
  assert.deepEqual(listed.map((r) => r.id), [room.id]);
  assert.equal(listed[0]!.name, 'Weekly sync');

  const settings = await runCli<{ guests: boolean }>(offline(), ['settings', 'set', 'guests', 'on', '--json']);
  assert.equal(settings.guests, true);
});

test('the server serves what the CLI wrote, and the CLI works while it runs', async () => {
  moot = await startMoot({ dataDir });

  const anonymous = new HttpClient(moot.url);
  const me = await anonymous.get('/api/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.settings.guests, true, 'the setting written offline is in force');
  assert.equal(me.body.needsSetup, false, 'an admin made by the CLI completes setup');

  const memberHttp = new HttpClient(moot.url);
  await memberHttp.signIn('member@example.test', member.password);
  const mine = await memberHttp.get(`/api/rooms/${room.id}`);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.body.room.name, 'Weekly sync');
  assert.equal(mine.body.room.accessCode, 'abcd1234', 'the owner sees the access code');
  assert.equal(mine.body.room.guests, 'code');
  const entry = await anonymous.get(`/api/rooms/${room.id}/entry`);
  assert.equal(entry.status, 200, entry.text);
  assert.equal(entry.body.needsAccessCode, true);
  assert.equal(entry.body.as, 'guest');
  assert.equal(entry.body.refusal, null);
  assert.ok(!entry.text.includes('abcd1234'), 'the access code is not shown to visitors');

  const adminHttp = new HttpClient(moot.url);
  await adminHttp.signIn('admin@example.test', adminPassword);
  assert.equal((await adminHttp.get('/api/admin/users')).status, 200);

  // While it runs.
  const password = randomPassword();
  const late = await moot.cli<CliUser>(['user', 'add', 'late@example.test', '--name', 'Lee Late', '--password-stdin', '--json'], `${password}\n`);
  assert.equal(late.role, 'member');
  await signedIn(moot, { ...late, role: 'member', password });
  const second = await moot.cli<CliRoom>(['room', 'add', '--owner', 'late@example.test', '--name', 'Late room', '--guests', 'link', '--json']);
  assert.equal(second.url, `${moot.url}/r/${second.id}`, 'the URL uses MOOT_PUBLIC_URL');
  const secondEntry = await anonymous.get(`/api/rooms/${second.id}/entry`);
  assert.equal(secondEntry.status, 200, secondEntry.text);
  assert.equal(secondEntry.body.room.name, 'Late room');
  assert.equal(secondEntry.body.room.ownerName, 'Lee Late');

  const listed = roomsOf(await moot.cli(['room', 'list', '--json']));
  assert.deepEqual(listed.map((r) => r.id).sort(), [room.id, second.id].sort());

  const off = await moot.cli<{ guests: boolean }>(['settings', 'set', 'guests', 'off', '--json']);
  assert.equal(off.guests, false);
  const after = await anonymous.get('/api/me');
  assert.equal(after.body.settings.guests, false, 'the running server sees the setting the CLI changed');
  const refused = await anonymous.get(`/api/rooms/${second.id}/entry`);
  assert.equal(refused.body.refusal, 'guests-disabled');
});
