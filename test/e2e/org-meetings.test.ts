// Two organizations hold meetings at the same time in real Chromium pages, media through the real
// Janus: Partner's people reach theirs at Partner's own domain (partner.test, which Chromium
// resolves to 127.0.0.1), Beta's at /o/beta/ on the main address. Each meeting's people see and
// hear each other and nothing of the other meeting; a room of the other organization, opened at
// one's own address, is a room that does not exist.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import type { Page } from 'playwright-core';
import { test } from '../helpers/diagnostics.ts';
import { Browsers, memberInMeeting, participantId, signIn, waitForMediaFrom, waitForMix, type Participant } from '../helpers/browser.ts';
import { randomPassword } from '../helpers/fixtures.ts';
import { startMoot, type Moot } from '../helpers/moot.ts';
import { inboundRtp } from '../helpers/meeting-ui.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const PARTNER_DOMAIN = 'partner.test';

interface Member {
  email: string;
  password: string;
  name: string;
}

let moot: Moot;
/** Made once the server's port is known: Chromium maps Partner's domain to 127.0.0.1 and treats it as secure. */
let browsers: Browsers;
const members = {} as Record<'pat' | 'pia' | 'bea' | 'ben', Member>;
const rooms = {} as Record<'partner' | 'beta', string>;
/** Where each organization's people reach it. */
const base = { partner: '', beta: '' };

async function member(org: 'partner' | 'beta', name: string): Promise<Member> {
  const email = `${name.split(' ')[0]!.toLowerCase()}@${org}.example`;
  const password = randomPassword();
  await moot.cli(['user', 'add', email, '--name', name, '--org', org, '--password-stdin', '--json'], `${password}\n`);
  return { email, password, name };
}

before(async () => {
  moot = await startMoot();
  await moot.cli(['org', 'add', 'partner', '--name', 'Partner', '--domain', PARTNER_DOMAIN, '--json']);
  await moot.cli(['org', 'add', 'beta', '--name', 'Beta', '--json']);
  base.partner = `http://${PARTNER_DOMAIN}:${moot.port}`;
  browsers = new Browsers([base.partner]);
  base.beta = `${moot.url}/o/beta`;
  members.pat = await member('partner', 'Pat Partner');
  members.pia = await member('partner', 'Pia Partner');
  members.bea = await member('beta', 'Bea Beta');
  members.ben = await member('beta', 'Ben Beta');
  const room = (owner: Member, org: string, name: string) => moot.cli<{ id: string }>(['room', 'add', '--owner', owner.email, '--name', name, '--org', org, '--json']);
  rooms.partner = (await room(members.pat, 'partner', 'Partner weekly')).id;
  rooms.beta = (await room(members.bea, 'beta', 'Beta board')).id;
});

// A failed test's pages go, so that the next test has its pages to open.
afterEach(() => browsers.closePages());

after(async () => {
  await browsers?.close();
  await moot?.stop();
});

/** The names in the page's participant list. */
async function listed(page: Page): Promise<string[]> {
  const items = page.locator('ul[aria-label="Participants"] > li[data-participant-id]');
  return (await items.allTextContents()).map((t) => t.trim());
}

/** Someone alone in their meeting: the list holds only them, no picture arrives (any more), the mix is silent. */
async function alone(page: Page, name: string, others: string[]): Promise<void> {
  const names = await listed(page);
  assert.equal(names.length, 1, `only ${name} in the list: ${JSON.stringify(names)}`);
  assert.ok(names[0]!.includes(name) && !others.some((o) => names[0]!.includes(o)), `${name}'s list: ${JSON.stringify(names)}`);
  const videoBytes = async () => (await inboundRtp(page)).filter((s) => s.kind === 'video').reduce((sum, s) => sum + s.bytesReceived, 0);
  await waitFor(
    async () => {
      const first = await videoBytes();
      await sleep(2000);
      return (await videoBytes()) === first || null;
    },
    { timeoutMs: 30_000, message: `no video arriving for ${name}` },
  );
  await waitForMix(page, 'silence');
}

/** Two people in one meeting: each receives the other's video, and the mix carries sound. */
async function together(a: Participant, aName: string, b: Participant, bName: string): Promise<void> {
  for (const [viewer, sender] of [[a.page, bName], [b.page, aName]] as const) {
    assert.deepEqual((await listed(viewer)).map((n) => n.includes(aName) || n.includes(bName)), [true, true], 'the two of them and nobody else');
    await waitForMediaFrom(viewer, await participantId(viewer, sender), 'video');
    await waitForMix(viewer, 'sound');
  }
}

test("two organizations' meetings at once, one at its own domain and one at /o/beta/: each member sees and hears only their own meeting", { timeout: 600_000 }, async () => {
  const pat = await memberInMeeting(browsers, base.partner, members.pat, rooms.partner, 'Pat (Partner, at partner.test)');
  const bea = await memberInMeeting(browsers, base.beta, members.bea, rooms.beta, 'Bea (Beta, at /o/beta/)');
  assert.equal(new URL(pat.page.url()).host, `${PARTNER_DOMAIN}:${moot.port}`, "Pat's meeting is at Partner's domain");
  assert.ok(new URL(bea.page.url()).pathname.startsWith('/o/beta/'), "Bea's meeting is under /o/beta/");
  const pia = await memberInMeeting(browsers, base.partner, members.pia, rooms.partner, 'Pia (Partner, at partner.test)');
  await together(pat, members.pat.name, pia, members.pia.name);
  // Partner's two talk with their fake microphones' beeps; Bea, in the same second, hears none of it.
  await alone(bea.page, members.bea.name, [members.pat.name, members.pia.name]);

  await pia.close();
  const ben = await memberInMeeting(browsers, base.beta, members.ben, rooms.beta, 'Ben (Beta, at /o/beta/)');
  await together(bea, members.bea.name, ben, members.ben.name);
  await waitFor(async () => (await listed(pat.page)).length === 1 || null, { timeoutMs: 20_000, message: 'Pia gone from Pat’s list' });
  await alone(pat.page, members.pat.name, [members.bea.name, members.ben.name]);
  await Promise.all([pat.close(), bea.close(), ben.close()]);
});

test("a member opening the other organization's room at their own address gets the page of a room that does not exist", { timeout: 120_000 }, async () => {
  for (const [who, at, other] of [[members.pat, base.partner, rooms.beta], [members.bea, base.beta, rooms.partner]] as const) {
    const visitor = await browsers.newParticipant(`${who.name} visiting the other organization's room`);
    try {
      await signIn(visitor.page, at, who.email, who.password);
      await visitor.page.goto(`${at}/r/${other}`);
      await visitor.page.getByRole('heading', { name: 'Room not found' }).waitFor({ timeout: 15_000 });
      assert.equal(await visitor.page.getByRole('button', { name: 'Join' }).count(), 0, 'nothing to join');
    } finally {
      await visitor.close();
    }
  }
});
