/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEntryView } from '@moot/protocol';
import { showCatalogue } from '../i18n/index.ts';
import english from '../i18n/locales/en.json' with { type: 'json' };
import { actionLabel, auditSentence } from './audit-sentences.ts';

showCatalogue('en', english, english);

const entry = (action: string, extra: Partial<AuditEntryView> = {}): AuditEntryView => ({
  id: 1,
  at: '2026-01-02T03:04:05.000Z',
  actor: 'ada@example.org',
  action,
  target: 'bob@example.org',
  origin: '127.0.0.1',
  details: null,
  ...extra,
});

test('known actions read as sentences naming who did what to whom', () => {
  assert.equal(auditSentence(entry('account.suspend')), 'ada@example.org suspended bob@example.org.');
  assert.equal(auditSentence(entry('role.grant-admin')), 'ada@example.org made bob@example.org an administrator.');
  assert.equal(auditSentence(entry('settings.set', { target: 'guests', details: { guests: true } })), 'ada@example.org allowed guests on this server.');
  assert.equal(
    auditSentence(entry('room.moderators', { target: 'R1', details: { moderators: ['a@x.org', 'b@x.org'] } })),
    'ada@example.org set the moderators of room R1 to a@x.org, b@x.org.',
  );
});

test("an organization's changes read as sentences, the person named whether the web or the command line made them", () => {
  assert.equal(auditSentence(entry('org.admin-grant')), 'ada@example.org made bob@example.org an administrator of the organization.');
  assert.equal(auditSentence(entry('org.member-remove', { actor: 'cli:root', target: 'alpha', details: { email: 'bob@example.org' } })), "root (on the server's command line) removed bob@example.org from the organization.");
  assert.equal(auditSentence(entry('org.policies', { target: 'alpha', details: { guests: true, retentionDays: 30 } })), "ada@example.org changed the organization’s policies (guests: true; retentionDays: 30).");
});

test('the command line and moot itself are named in words', () => {
  assert.equal(auditSentence(entry('account.reactivate', { actor: 'cli:root' })), "root (on the server's command line) reactivated bob@example.org.");
  assert.equal(auditSentence(entry('ldap.create', { actor: 'system' })), 'moot made the account bob@example.org from the directory.');
});

test('an action without a sentence still shows its code, target and details, never JSON', () => {
  const text = auditSentence(entry('future.thing', { details: { level: 3, tags: ['a', 'b'], nested: { x: 1 } } }));
  assert.equal(text, 'ada@example.org did “future.thing” to bob@example.org (level: 3; tags: a, b; nested: x: 1).');
  assert.equal(actionLabel('future.thing'), 'future.thing');
  assert.equal(actionLabel('account.suspend'), 'suspended …');
});
