import { openContext } from './context.ts';
import { MediaServer } from './media/media-server.ts';
import { Meetings } from './meetings/meetings.ts';
import { Admission } from './meetings/admission.ts';
import { Moderation } from './meetings/moderation.ts';
import { JanusDriver } from './media/janus-driver.ts';
import { buildApp } from './http/app.ts';
import { issueSetupToken } from './accounts/first-admin.ts';
import { Recordings } from './recordings/service.ts';

const { config, log, db } = await openContext();
const media = new MediaServer(config.janus, config.data.dir, log.child({ part: 'media' }));
const meetings = new Meetings(
  new JanusDriver(media, log.child({ part: 'media' })),
  { participantTimeoutSeconds: config.meeting.participantTimeoutSeconds, chatHistory: config.meeting.chatHistory, iceServers: config.ice.servers },
  log.child({ part: 'meetings' }),
);
const recordings = new Recordings(config, db, log.child({ part: 'recordings' }));
const app = await buildApp({ config, log, db, media, meetings, admission: new Admission(db, meetings), moderation: new Moderation(meetings), recordings });
await recordings.start();

media.start();
await app.listen({ port: config.http.port, host: config.http.host });

const lines = [`moot is running at ${config.http.publicUrl}`, `data folder: ${config.data.dir}`];
const setupToken = await issueSetupToken(db);
if (setupToken) {
  lines.push(
    'No administrator yet. Open this one-time link to create one:',
    `  ${config.http.publicUrl}/setup#${setupToken}`,
    `or on this machine: npx moot user add you@example.org --name "Your Name" --admin --password-stdin`,
  );
}
// Printed, not logged: the setup link is a secret for the person at this terminal only.
process.stdout.write(`\n${lines.join('\n')}\n\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  await app.close();
  recordings.stop();
  await meetings.endAll();
  await media.stop();
  await db.destroy();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
