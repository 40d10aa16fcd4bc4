import type { AuditEntryView } from '@moot/protocol';
import { t } from '../i18n/index.ts';

/**
 * The audit log in words: who did what to whom. An action this list does not know is still
 * shown, with its code and details, so nothing in the log is hidden.
 */

/** `cli:<unix user>` acted on the server's machine; `system` is moot itself; `link:<id>` a recording link. */
export function actorText(actor: string): string {
  if (actor === 'system') return 'moot';
  if (actor.startsWith('cli:')) return t('audit.actor.cli', { user: actor.slice(4) });
  if (actor.startsWith('link:')) return t('audit.actor.link');
  return actor;
}

const detail = (entry: AuditEntryView, key: string): string => {
  const value = entry.details?.[key];
  return value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value);
};

type Phrase = (target: string, entry: AuditEntryView) => string;

/** Each a predicate ("suspended bob@…"): `audit.sentence` puts the actor before it, in each language's order. */
const phrases: Record<string, Phrase> = {
  'setup.first-admin': () => t('audit.setup.first-admin'),
  'user.create': (target, e) =>
    t(e.details?.mailed === false ? 'audit.user.create-unmailed' : 'audit.user.create', { target, role: t(detail(e, 'role') === 'admin' ? 'admin.role.admin' : 'admin.role.member') }),
  'user.invite': (target, e) => t(e.details?.mailed === false ? 'audit.user.invite-unmailed' : 'audit.user.invite', { target }),
  'account.suspend': (target) => t('audit.account.suspend', { target }),
  'account.reactivate': (target) => t('audit.account.reactivate', { target }),
  'role.grant-admin': (target) => t('audit.role.grant-admin', { target }),
  'role.revoke-admin': (target) => t('audit.role.revoke-admin', { target }),
  'settings.set': (_target, e) =>
    t(e.details?.guests === true ? 'audit.settings.guests-on' : e.details?.guests === false ? 'audit.settings.guests-off' : 'audit.settings.set'),
  'password.reset': () => t('audit.password.reset'),
  'password.reset-unsent': () => t('audit.password.reset-unsent'),
  'session.sign-out-everywhere': () => t('audit.session.sign-out-everywhere'),
  'room.moderators': (target, e) =>
    detail(e, 'moderators') ? t('audit.room.moderators', { target, moderators: detail(e, 'moderators') }) : t('audit.room.moderators-none', { target }),
  'room.delete': (target, e) => t('audit.room.delete', { name: detail(e, 'name') || target }),
  'room.transfer': (target, e) => t('audit.room.transfer', { target, to: detail(e, 'to') }),
  'phone.wrong-pins': () => t('audit.phone.wrong-pins'),
  'phone.pin-guessing': (_target, e) => t(detail(e, 'everyoneFromAddress') === 'true' ? 'audit.phone.pin-guessing-address' : 'audit.phone.pin-guessing'),
  'room.access-code-guessing': (target, e) =>
    t(detail(e, 'wholeRoom') === 'true' ? 'audit.room.access-code-guessing-room' : 'audit.room.access-code-guessing', { target }),
  'recording.start': (target) => t('audit.recording.start', { target }),
  'recording.stop': (target) => t('audit.recording.stop', { target }),
  'recording.view': (target) => t('audit.recording.view', { target }),
  'recording.download': (target) => t('audit.recording.download', { target }),
  'recording.notes': (target) => t('audit.recording.notes', { target }),
  'recording.share': (target, e) => t('audit.recording.share', { target, with: detail(e, 'with') }),
  'recording.unshare': (target, e) =>
    detail(e, 'with') ? t('audit.recording.unshare-with', { target, with: detail(e, 'with') }) : t('audit.recording.unshare', { target }),
  'recording.delete': (target, e) => t(detail(e, 'reason') === 'expired' ? 'audit.recording.delete-expired' : 'audit.recording.delete', { target }),
  'recording.export': (target) => t('audit.recording.export', { target }),
  'recording.import': (target) => t('audit.recording.import', { target }),
  'recording.retry': (target) => t('audit.recording.retry', { target }),
  'recording.link-create': (target) => t('audit.recording.link-create', { target }),
  'recording.link-revoke': (target) => t('audit.recording.link-revoke', { target }),
  'recording.link-view': (target) => t('audit.recording.view', { target }),
  'ldap.create': (target) => t('audit.ldap.create', { target }),
  'ldap.update': (target, e) => t('audit.ldap.update', { target, detail: detail(e, 'detail') }),
  'ldap.suspend': (target) => t('audit.ldap.suspend', { target }),
  'ldap.reactivate': (target) => t('audit.ldap.reactivate', { target }),
  'ldap.grant-admin': (target) => t('audit.ldap.grant-admin', { target }),
  'ldap.revoke-admin': (target) => t('audit.ldap.revoke-admin', { target }),
  // The organization admins' changes; the operator's CLI names the organization as target and the person in details.
  'org.admin-grant': (target) => t('audit.org.admin-grant', { target }),
  'org.admin-revoke': (target) => t('audit.org.admin-revoke', { target }),
  'org.member-add': (target, e) => t('audit.org.member-add', { target: detail(e, 'email') || target }),
  'org.member-remove': (target, e) => t('audit.org.member-remove', { target: detail(e, 'email') || target }),
  'org.policies': (_target, e) => t('audit.org.policies', { details: e.details ? plainDetails(e.details) : '…' }),
  'org.branding': (_target, e) => t('audit.org.branding', { details: e.details ? plainDetails(e.details) : '…' }),
  'org.logo': () => t('audit.org.logo'),
  'ldap.sync': (target, e) => (e.details ? t('audit.ldap.sync-details', { target, details: plainDetails(e.details) }) : t('audit.ldap.sync', { target })),
};

function plainDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? plainDetails(value as Record<string, unknown>) : String(value)}`)
    .join('; ');
}

/** "ada@example.org suspended bob@example.org" — without the time and place, which are shown beside it. */
export function auditSentence(entry: AuditEntryView): string {
  const target = entry.target ?? '';
  const phrase = phrases[entry.action];
  const what = phrase ? phrase(target, entry) : unknownAction(entry.action, target, entry.details);
  return t('audit.sentence', { actor: actorText(entry.actor), what });
}

function unknownAction(action: string, target: string, details: Record<string, unknown> | null): string {
  const done = target ? t('audit.unknown-to', { action, target }) : t('audit.unknown', { action });
  return details ? t('audit.with-details', { what: done, details: plainDetails(details) }) : done;
}

/** The filter's name for an action: the sentence's verb, without a person. */
export function actionLabel(action: string): string {
  const phrase = phrases[action];
  if (!phrase) return action;
  return phrase('…', { id: 0, at: '', actor: '', action, target: '…', origin: null, details: null });
}
