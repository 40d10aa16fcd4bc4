import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../store/db.ts';
import { createOrganization, operatorOrganization } from './orgs.ts';
import { isOrganizationOrigin, organizationBaseUrl, requestOrganization, stripOrganizationPrefix } from './resolve.ts';

const request = (url: string, host = 'meet.example.org') => ({ url, headers: { host } }) as unknown as IncomingMessage;

test('the /o/<slug> prefix is taken off the routed path, query and all; other paths pass untouched', () => {
  const cases: [string, string][] = [
    ['/o/partner/r/AbCdEfGhIjKlMnOpQrStUv', '/r/AbCdEfGhIjKlMnOpQrStUv'],
    ['/o/partner/api/rooms?x=1', '/api/rooms?x=1'],
    ['/o/partner', '/'],
    ['/o/partner?next=/r/x', '/?next=/r/x'],
    ['/o/partner/', '/'],
    ['/r/AbCdEfGhIjKlMnOpQrStUv', '/r/AbCdEfGhIjKlMnOpQrStUv'],
    ['/o/Upper/api/rooms', '/o/Upper/api/rooms'],
    ['/other/o/partner/', '/other/o/partner/'],
    ['/organizations', '/organizations'],
  ];
  for (const [given, routed] of cases) assert.equal(stripOrganizationPrefix(request(given)), routed, given);
});

test("a request is for the organization of its Host's domain, else of its prefix, else the operator's; a prefix naming none, or another than the domain's, finds none", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-org-resolve-'));
  const db = await openDatabase(dir);
  try {
    const main = await operatorOrganization(db);
    const partner = await createOrganization(db, { slug: 'partner', name: 'Partner', domain: 'meet.partner.example' });
    const other = await createOrganization(db, { slug: 'other', name: 'Other' });
    const resolveFor = async (url: string, host?: string) => {
      const req = request(url, host);
      stripOrganizationPrefix(req);
      return (await requestOrganization(db, req))?.slug;
    };
    assert.equal(await resolveFor('/api/rooms'), main.slug);
    assert.equal(await resolveFor('/o/other/api/rooms'), other.slug);
    assert.equal(await resolveFor('/o/partner/api/rooms'), partner.slug, 'the prefix works for an organization with a domain too');
    assert.equal(await resolveFor('/api/rooms', 'MEET.partner.example:8443'), partner.slug, 'the Host header without port, in any case');
    assert.equal(await resolveFor('/o/partner/api/rooms', 'meet.partner.example'), partner.slug);
    assert.equal(await resolveFor('/o/other/api/rooms', 'meet.partner.example'), undefined, "another organization's prefix on a domain finds nothing");
    assert.equal(await resolveFor('/o/nobody/api/rooms'), undefined, 'a prefix naming no organization finds nothing');

    const publicUrl = 'https://meet.example.org';
    assert.equal(await isOrganizationOrigin(db, 'https://meet.partner.example', publicUrl), true);
    assert.equal(await isOrganizationOrigin(db, 'http://meet.partner.example', publicUrl), false, 'another scheme is another origin');
    assert.equal(await isOrganizationOrigin(db, 'https://meet.partner.example:444', publicUrl), false, 'another port is another origin');
    assert.equal(await isOrganizationOrigin(db, 'https://attacker.example', publicUrl), false, 'an unregistered name is refused');
    assert.equal(await isOrganizationOrigin(db, undefined, publicUrl), false);

    assert.equal(organizationBaseUrl(publicUrl, main), publicUrl);
    assert.equal(organizationBaseUrl(publicUrl, partner), 'https://meet.partner.example');
    assert.equal(organizationBaseUrl(publicUrl, other), 'https://meet.example.org/o/other');
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
