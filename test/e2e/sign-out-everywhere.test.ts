// In the browser: "Sign out" ends this session only; "Sign out everywhere" ends every session of
// the account, the browser's and those elsewhere (here a second client's).
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { test } from '../helpers/diagnostics.ts';
import { signIn } from '../helpers/browser.ts';
import { addUser, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import type { Moot } from '../helpers/moot.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let member: TestUser;
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;

before(async () => {
  moot = await suite.start();
  member = await addUser(moot, 'Sam Signout');
});

async function elsewhere(): Promise<HttpClient> {
  const http = new HttpClient(moot.url);
  await http.signIn(member.email, member.password);
  return http;
}

const signedInAs = async (http: HttpClient) => ((await http.get('/api/me')).body.user?.email as string | undefined) ?? null;

test('"Sign out" ends this session; "Sign out everywhere" ends them all', { timeout: 120_000 }, async () => {
  const other = await elsewhere();
  const p = await browsers.newParticipant('member');
  const atSignIn = () => waitFor(() => new URL(p.page.url()).pathname === '/signin', { timeoutMs: 15_000, message: 'the sign-in page' });
  const browserUser = () => p.page.evaluate(() => fetch('/api/me').then((r) => r.json()).then((m) => m.user?.email ?? null));
  try {
    await signIn(p.page, moot.url, member.email, member.password);
    await p.page.getByRole('button', { name: /^Account:/ }).click();
    await p.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await atSignIn();
    assert.equal(await browserUser(), null);
    assert.equal(await signedInAs(other), member.email, 'the other session goes on');

    await signIn(p.page, moot.url, member.email, member.password);
    await p.page.getByRole('button', { name: /^Account:/ }).click();
    await p.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await atSignIn();
    assert.equal(await browserUser(), null);
    assert.equal(await signedInAs(other), null, 'the other session has ended too');
  } finally {
    await p.close();
  }
});
