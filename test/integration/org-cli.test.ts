// The organization commands of the real `moot` CLI on a fresh data folder: org add, list, show,
// set and delete; accounts and rooms placed in an organization with --org; refusals in plain words.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before } from 'node:test';
import type { OperatorOrganizationView } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { makeTempDir, runCli, runCliRaw } from '../helpers/moot.ts';

/** The operator's view of an organization as the CLI prints it: with its id, and only the stored counts. */
type OrgView = Omit<OperatorOrganizationView, 'usage'> & { id: string; usage: Omit<OperatorOrganizationView['usage'], 'liveMeetings' | 'liveParticipants'> };
interface CliUser {
  id: string;
  email: string;
  role: string;
  organization: string;
  orgAdmin: boolean;
}
interface CliRoom {
  id: string;
  url: string;
  organization: string;
}

let dataDir: string;
const env = () => ({ MOOT_DATA_DIR: dataDir });
const cli = <T>(...args: string[]) => runCli<T>(env(), [...args, '--json']);
/** A refused command: its exit status and the JSON error it printed. */
async function refused(...args: string[]): Promise<{ code: string; message: string }> {
  const result = await runCliRaw(env(), [...args, '--json']);
  assert.notEqual(result.code, 0, `moot ${args.join(' ')} is refused`);
  return (JSON.parse(result.stdout) as { error: { code: string; message: string } }).error;
}

before(() => {
  dataDir = makeTempDir('moot-org-cli-');
});

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test("a fresh server has only the operator's own organization, which cannot be deleted or suspended", async () => {
  const orgs = await cli<OrgView[]>('org', 'list');
  assert.deepEqual(orgs.map((o) => [o.slug, o.operator]), [['main', true]]);
  const deleted = await refused('org', 'delete', 'main');
  assert.match(deleted.message, /operator's own organization cannot be deleted/);
  const suspended = await refused('org', 'set', 'main', '--suspended', 'yes');
  assert.match(suspended.message, /cannot be suspended/);
});

test('org add makes an organization with its slug, name and domain; a taken slug or domain and a bad slug are refused', async () => {
  const partner = await cli<OrgView>('org', 'add', 'partner', '--name', 'Partner Ltd', '--domain', 'Meet.Partner.Example');
  assert.equal(partner.slug, 'partner');
  assert.equal(partner.name, 'Partner Ltd');
  assert.equal(partner.domain, 'meet.partner.example', 'domains are kept lower-case');
  assert.equal(partner.operator, false);
  assert.equal(partner.suspended, false);
  assert.deepEqual(partner.quotas, { rooms: null, participants: null, recordingBytes: null }, 'no quota until one is set');
  assert.deepEqual(partner.usage, { members: 0, rooms: 0, recordingBytes: 0 });

  assert.match((await refused('org', 'add', 'partner', '--name', 'Again')).message, /slug partner is taken/);
  assert.match((await refused('org', 'add', 'other', '--name', 'Other', '--domain', 'meet.partner.example')).message, /domain meet\.partner\.example is another organization's/);
  assert.match((await refused('org', 'add', 'Bad_Slug', '--name', 'Bad')).message, /slug: 1 to 40 lower-case letters/);
  assert.match((await refused('org', 'add', 'nodomain', '--name', 'X', '--domain', 'https://x.example/')).message, /domain: a host name/);
  assert.equal((await refused('org', 'show', 'nobody')).code, 'not-found');

  const listed = await cli<OrgView[]>('org', 'list');
  assert.deepEqual(listed.map((o) => o.slug), ['main', 'partner'], "the operator's own first, then by slug");
});

test('user add --org places the account in that organization, --org-admin makes it an admin there, --admin stays the operator role', async () => {
  const admin = await cli<CliUser>('user', 'add', 'pat@partner.example', '--name', 'Pat', '--org', 'partner', '--org-admin');
  assert.deepEqual([admin.organization, admin.orgAdmin, admin.role], ['partner', true, 'member'], 'an org admin is no operator');
  const member = await cli<CliUser>('user', 'add', 'max@partner.example', '--name', 'Max', '--org', 'partner');
  assert.deepEqual([member.organization, member.orgAdmin], ['partner', false]);
  const operator = await cli<CliUser>('user', 'add', 'ops@example.test', '--name', 'Ops', '--admin');
  assert.deepEqual([operator.organization, operator.role], ['main', 'admin'], "without --org: the operator's organization");
  assert.equal((await refused('user', 'add', 'x@example.test', '--name', 'X', '--org', 'nowhere')).code, 'not-found');

  const users = await cli<{ email: string; organizations: string[] }[]>('user', 'list');
  assert.deepEqual(
    users.map((u) => [u.email, u.organizations]),
    [['max@partner.example', ['partner']], ['ops@example.test', ['main']], ['pat@partner.example', ['partner']]],
  );
  const partner = await cli<OrgView>('org', 'show', 'partner');
  assert.equal(partner.usage.members, 2);
});

test("room add --org makes the room in that organization, only for an owner who is a member of it", async () => {
  const room = await cli<CliRoom>('room', 'add', '--owner', 'max@partner.example', '--name', 'Partner weekly', '--org', 'partner');
  assert.equal(room.organization, 'partner');
  assert.match(room.url, new RegExp(`^https?://meet\\.partner\\.example(:\\d+)?/r/${room.id}$`), "the link is at the organization's own domain");
  const shown = await cli<CliRoom>('room', 'show', room.id);
  assert.equal(shown.organization, 'partner');
  const outsider = await refused('room', 'add', '--owner', 'ops@example.test', '--name', 'Not theirs', '--org', 'partner');
  assert.match(outsider.message, /ops@example\.test is not a member of the organization partner/);
  const defaulted = await refused('room', 'add', '--owner', 'max@partner.example', '--name', 'Elsewhere');
  assert.match(defaulted.message, /not a member of the organization main/, "without --org the room would be the operator's: refused for a partner's member");
  const main = await cli<CliRoom>('room', 'add', '--owner', 'ops@example.test', '--name', 'Ops room');
  assert.equal(main.organization, 'main');
  assert.doesNotMatch(main.url, /\/o\/|partner/, "the operator's rooms keep their links on the main domain");

  const partnerRooms = await cli<CliRoom[]>('room', 'list', '--org', 'partner');
  assert.deepEqual(partnerRooms.map((r) => r.id), [room.id]);
  assert.equal((await cli<OrgView>('org', 'show', 'partner')).usage.rooms, 1);
});

test('org set changes name, domain, quotas and suspension; none lifts a quota; bad values are refused', async () => {
  const set = await cli<OrgView>(
    'org', 'set', 'partner', '--name', 'Partner GmbH', '--domain', 'video.partner.example', '--max-rooms', '5', '--max-participants', '40', '--max-recording-bytes', '1000000000', '--suspended', 'yes',
  );
  assert.equal(set.name, 'Partner GmbH');
  assert.equal(set.domain, 'video.partner.example');
  assert.deepEqual(set.quotas, { rooms: 5, participants: 40, recordingBytes: 1_000_000_000 });
  assert.equal(set.suspended, true);
  const shown = await cli<OrgView>('org', 'show', 'partner');
  assert.deepEqual([shown.name, shown.domain, shown.quotas.rooms, shown.suspended], ['Partner GmbH', 'video.partner.example', 5, true], 'the change is stored');

  const lifted = await cli<OrgView>('org', 'set', 'partner', '--max-rooms', 'none', '--no-domain', '--suspended', 'no');
  assert.deepEqual([lifted.quotas.rooms, lifted.quotas.participants, lifted.domain, lifted.suspended], [null, 40, null, false]);

  assert.match((await refused('org', 'set', 'partner', '--max-rooms', '-1')).message, /max rooms: a whole number, or none/);
  assert.match((await refused('org', 'set', 'partner', '--suspended', 'maybe')).message, /suspended: yes or no/);
  assert.match((await refused('org', 'set', 'partner')).message, /nothing to change/);
  await cli('org', 'add', 'third', '--name', 'Third', '--domain', 'third.example');
  assert.match((await refused('org', 'set', 'partner', '--domain', 'third.example')).message, /another organization's/);
});

test('org add-member puts an existing account in a second organization; remove-member takes it out, not while it owns rooms there', async () => {
  const added = await cli<{ organization: string; orgAdmin: boolean }>('org', 'add-member', 'third', 'ops@example.test', '--org-admin');
  assert.deepEqual(added, { organization: 'third', email: 'ops@example.test', orgAdmin: true });
  const orgsOf = async (email: string) => (await cli<{ email: string; organizations: string[] }[]>('user', 'list')).find((u) => u.email === email)?.organizations;
  assert.deepEqual(await orgsOf('ops@example.test'), ['main', 'third'], 'a person may belong to several organizations');
  assert.match((await refused('org', 'remove-member', 'partner', 'max@partner.example')).message, /owns 1 room\(s\) of partner/);
  assert.equal((await refused('org', 'remove-member', 'partner', 'ops@example.test')).code, 'not-found');
  await cli('org', 'remove-member', 'third', 'ops@example.test');
  assert.deepEqual(await orgsOf('ops@example.test'), ['main']);
});

test("org delete removes the organization and its rooms; its accounts stay, the operator's rooms are untouched", async () => {
  const deleted = await cli<{ slug: string; deletedRooms: number }>('org', 'delete', 'partner');
  assert.deepEqual(deleted, { slug: 'partner', deletedRooms: 1 });
  assert.equal((await refused('org', 'show', 'partner')).code, 'not-found');
  const rooms = await cli<CliRoom[]>('room', 'list');
  assert.deepEqual(rooms.map((r) => r.organization), ['main'], "only the operator's room is left");
  const users = await cli<{ email: string; organizations: string[] }[]>('user', 'list');
  assert.deepEqual(users.find((u) => u.email === 'max@partner.example')?.organizations, [], 'the account is kept, in no organization');
});
