import type { DialIn } from './phone/dial-in.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Db } from './store/db.ts';
import type { JanusNodes } from './media/janus-nodes.ts';
import type { Meetings } from './meetings/meetings.ts';
import type { Admission } from './meetings/admission.ts';
import type { Moderation } from './meetings/moderation.ts';
import type { LiveSessions } from './signaling/live-sessions.ts';
import type { Recordings } from './recordings/service.ts';
import type { Shared } from './cluster/shared.ts';

/** What routes and the signaling hub work with; built once in main.ts. */
export interface Services {
  config: Config;
  log: Logger;
  db: Db;
  media: JanusNodes;
  meetings: Meetings;
  admission: Admission;
  moderation: Moderation;
  /** Signed-in signaling connections, so that revoking a session reaches them. */
  liveSessions: LiveSessions;
  recordings: Recordings;
  /** What the installation's server processes share: limits, periodic jobs' turn, session changes. */
  shared: Shared;
  /** Callers by phone; undefined while dial-in is off. */
  dialIn?: DialIn;
}
