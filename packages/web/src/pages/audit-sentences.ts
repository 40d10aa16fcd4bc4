import type { AuditEntryView } from '@moot/protocol';

/**
 * The audit log in words: who did what to whom. An action this list does not know is still
 * shown, with its code and details, so nothing in the log is hidden.
 */

/** `cli:<unix user>` acted on the server's machine; `system` is moot itself; `link:<id>` a recording link. */
export function actorText(actor: string): string {
  if (actor === 'system') return 'moot';
  if (actor.startsWith('cli:')) return `${actor.slice(4)} (on the server's command line)`;
  if (actor.startsWith('link:')) return 'someone holding a recording link';
  return actor;
}

const detail = (entry: AuditEntryView, key: string): string => {
  const value = entry.details?.[key];
  return value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value);
};

type Phrase = (target: string, entry: AuditEntryView) => string;

const phrases: Record<string, Phrase> = {
  'setup.first-admin': () => 'became the first administrator',
  'user.create': (t, e) => `made the account ${t} (${detail(e, 'role') === 'admin' ? 'administrator' : 'member'})${e.details?.mailed === false ? '; the set-password link was given to them to pass on' : ''}`,
  'user.invite': (t, e) => (e.details?.mailed === false ? `made a set-password link for ${t}` : `mailed ${t} a new invitation`),
  'account.suspend': (t) => `suspended ${t}`,
  'account.reactivate': (t) => `reactivated ${t}`,
  'role.grant-admin': (t) => `made ${t} an administrator`,
  'role.revoke-admin': (t) => `removed ${t}'s administrator role`,
  'settings.set': (_t, e) => (e.details?.guests === true ? 'allowed guests on this server' : e.details?.guests === false ? 'stopped guests on this server' : 'changed a setting'),
  'password.reset': () => 'set a new password from a one-time link',
  'password.reset-unsent': () => 'asked for a password link, which could not be mailed (no mail server)',
  'session.sign-out-everywhere': () => 'signed out everywhere',
  'room.moderators': (t, e) => `set the moderators of room ${t} to ${detail(e, 'moderators') || 'nobody'}`,
  'room.delete': (t, e) => `deleted the room “${detail(e, 'name') || t}”`,
  'room.transfer': (t, e) => `gave room ${t} to ${detail(e, 'to')}`,
  'room.access-code-guessing': (t, e) => `tried so many wrong access codes for room ${t} that ${detail(e, 'wholeRoom') === 'true' ? 'everyone trying its code' : 'that address'} must now wait`,
  'recording.start': (t) => `started recording ${t}`,
  'recording.stop': (t) => `stopped recording ${t}`,
  'recording.view': (t) => `watched recording ${t}`,
  'recording.download': (t) => `downloaded recording ${t}`,
  'recording.notes': (t) => `read the notes of recording ${t}`,
  'recording.share': (t, e) => `shared recording ${t} with ${detail(e, 'with')}`,
  'recording.unshare': (t, e) => `stopped sharing recording ${t}${detail(e, 'with') ? ` with ${detail(e, 'with')}` : ''}`,
  'recording.delete': (t, e) => `deleted recording ${t}${detail(e, 'reason') === 'expired' ? ' (it had expired)' : ''}`,
  'recording.export': (t) => `exported recording ${t}`,
  'recording.import': (t) => `imported recording ${t}`,
  'recording.retry': (t) => `asked to process recording ${t} again`,
  'recording.link-create': (t) => `made a link to recording ${t} for people without an account`,
  'recording.link-revoke': (t) => `revoked a link to recording ${t}`,
  'recording.link-view': (t) => `watched recording ${t}`,
  'ldap.create': (t) => `made the account ${t} from the directory`,
  'ldap.update': (t, e) => `updated ${t} from the directory (${detail(e, 'detail')})`,
  'ldap.suspend': (t) => `suspended ${t}, who left the directory or is locked there`,
  'ldap.reactivate': (t) => `reactivated ${t}, who is back in the directory`,
  'ldap.grant-admin': (t) => `made ${t} an administrator, as the directory's admin group says`,
  'ldap.revoke-admin': (t) => `removed ${t}'s administrator role, as the directory's admin group says`,
  'ldap.sync': (t, e) => `synced the accounts with ${t}${e.details ? ` (${plainDetails(e.details)})` : ''}`,
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
  const what = phrase ? phrase(target, entry) : `did “${entry.action}”${target ? ` to ${target}` : ''}${entry.details ? ` (${plainDetails(entry.details)})` : ''}`;
  return `${actorText(entry.actor)} ${what}.`;
}

/** The filter's name for an action: the sentence's verb, without a person. */
export function actionLabel(action: string): string {
  const phrase = phrases[action];
  if (!phrase) return action;
  return phrase('…', { id: 0, at: '', actor: '', action, target: '…', origin: null, details: null });
}
