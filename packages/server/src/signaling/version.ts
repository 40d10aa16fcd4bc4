import { PROTOCOL_VERSION, errorMessages, type ServerMessage } from '@moot/protocol';

/** The messages that open a session on a connection, and so say which protocol version they speak. */
const OPENING_TYPES: ReadonlySet<unknown> = new Set(['join', 'resume']);

type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;

/**
 * The refusal of a `join` or `resume` this server cannot serve (its version is missing or not
 * ours), or undefined. It reads the raw message, before the schema: a page of another version may
 * send a message whose other fields no longer match, and it must still learn that it should reload
 * rather than get `invalid-message`.
 */
export function versionRefusal(raw: unknown): ErrorMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { type, version } = raw as { type?: unknown; version?: unknown };
  if (!OPENING_TYPES.has(type) || version === PROTOCOL_VERSION) return undefined;
  // Only a plain value is quoted: an object from a hostile page may be nested too deep to print.
  const sent = version === undefined ? 'none' : typeof version === 'object' && version !== null ? (Array.isArray(version) ? 'an array' : 'an object') : JSON.stringify(version).slice(0, 16);
  return {
    type: 'error',
    code: 'unsupported-version',
    message: errorMessages['unsupported-version'],
    details: [`this server speaks protocol version ${PROTOCOL_VERSION}; the page sent version ${sent}`],
    ref: type as string,
    reload: true,
  };
}
