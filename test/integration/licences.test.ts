// moot is under AGPL-3.0-or-later: each package it runs with must allow that, and moot's own
// packages must say so.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { declaredLicence, isCompatible, productionLicences } from '../../scripts/licences.ts';
import { repoRoot } from '../helpers/moot.ts';

test('every package of the production dependency tree has a licence compatible with AGPL-3.0-or-later', () => {
  const list = productionLicences(repoRoot);
  const names = new Set(list.map((p) => p.name));
  // The tree is the one the server and the client run with, not the tools that build and test them.
  for (const runtime of ['fastify', 'preact', 'zod', 'kysely']) assert.ok(names.has(runtime), `${runtime} is listed`);
  for (const tool of ['vite', 'typescript', 'playwright-core']) assert.ok(!names.has(tool), `${tool} is a development tool, not listed`);
  assert.deepEqual(list.filter((p) => !p.compatible).map((p) => `${p.name}@${p.version}: ${p.licence}`), []);
});

test('moot and each of its packages declare AGPL-3.0-or-later, with the licence text beside them', () => {
  for (const path of ['package.json', 'packages/protocol/package.json', 'packages/server/package.json', 'packages/web/package.json']) {
    assert.equal((JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as { license?: string }).license, 'AGPL-3.0-or-later', path);
  }
  assert.match(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'), /^GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3, 19 November 2007/);
});

test('a licence expression is accepted when every licence it requires, or one of its choices, is compatible', () => {
  assert.ok(isCompatible('MIT'));
  assert.ok(isCompatible('(MIT OR GPL-2.0-only)'), 'a choice including a compatible licence');
  assert.ok(isCompatible('Apache-2.0 AND BSD-3-Clause'));
  assert.ok(!isCompatible('GPL-2.0-only'), 'GPL version 2 only cannot be combined with the AGPL version 3');
  assert.ok(!isCompatible('MIT AND SSPL-1.0'), 'every licence of a conjunction must allow it');
  assert.ok(!isCompatible('BUSL-1.1'));
  assert.ok(!isCompatible('UNLICENSED'), 'proprietary');
  assert.ok(!isCompatible('SEE LICENSE IN LICENSE.txt'), 'a licence that is not an SPDX expression needs reading by a person');
});

test('the legacy licence forms of package.json are read as SPDX expressions', () => {
  assert.equal(declaredLicence({ license: { type: 'BSD-2-Clause' } }), 'BSD-2-Clause');
  assert.equal(declaredLicence({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }), '(MIT OR Apache-2.0)');
  assert.equal(declaredLicence({}), 'none declared');
  assert.ok(!isCompatible(declaredLicence({})));
});
