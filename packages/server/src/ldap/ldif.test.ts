import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLdif } from './ldif.ts';
import { compileFilter } from './filter.ts';

const dump = [
  'version: 1',
  '# a comment',
  ' that continues',
  'dn: uid=zoe,ou=people,dc=example,dc=org',
  'objectClass: inetOrgPerson',
  'cn:: Wm/DqyBaw7xuZGVs',
  'mail: zoe@exa',
  ' mple.org',
  'cn;lang-de: Zoe',
  'memberOf: cn=core,ou=groups,dc=example,dc=org',
  'memberOf: cn=ops,ou=groups,dc=example,dc=org',
  'shadowExpire: 1000',
  '',
  '',
  'dn: cn=core,ou=groups,dc=example,dc=org',
  'changetype: add',
  'member: uid=zoe,ou=people,dc=example,dc=org',
].join('\r\n');

test('parses folded lines, base64, options, comments and several records', () => {
  const [zoe, core] = parseLdif(dump);
  assert.equal(zoe!.dn, 'uid=zoe,ou=people,dc=example,dc=org');
  assert.deepEqual(zoe!.attributes.get('cn'), ['Zoë Zündel', 'Zoe']);
  assert.deepEqual(zoe!.attributes.get('mail'), ['zoe@example.org']);
  assert.equal(zoe!.attributes.get('memberof')!.length, 2);
  assert.equal(core!.dn, 'cn=core,ou=groups,dc=example,dc=org');
  assert.equal(core!.attributes.has('changetype'), false);
});

test('refuses what is not a dump', () => {
  assert.throws(() => parseLdif('dn: cn=x\nchangetype: modify\nreplace: cn\n'), /line 2: "changetype: modify"/);
  assert.throws(() => parseLdif('cn: x\n'), /line 1: a record must start with "dn:"/);
  assert.throws(() => parseLdif('dn: cn=x\njpegPhoto:< file:///etc/passwd\n'), /URLs are not supported/);
  assert.throws(() => parseLdif(' folded\n'), /continuation line/);
});

test('filters match multi-valued attributes, DNs loosely, substrings and numbers', () => {
  const [zoe] = parseLdif(dump);
  const matches = (f: string) => compileFilter(f)(zoe!);
  assert.equal(matches('(&(objectClass=inetorgperson)(memberOf=CN=Ops, ou=groups,dc=example,dc=org))'), true);
  assert.equal(matches('(memberOf=cn=other,ou=groups,dc=example,dc=org)'), false);
  assert.equal(matches('(|(mail=nobody@x)(mail=*@example.org))'), true);
  assert.equal(matches('(!(mail=*))'), false);
  assert.equal(matches('(shadowExpire<=99999)'), true);
  assert.equal(matches('(shadowExpire>=99999)'), false);
});
