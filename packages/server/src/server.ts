import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Db } from './store/db.ts';
import { JanusNodes } from './media/janus-nodes.ts';
import { syncNodes } from './media/janus-node-store.ts';
import { Meetings } from './meetings/meetings.ts';
import { turnRelayFrom } from './media/turn-credentials.ts';
import { MeasuredAdmission } from './metrics/measured-admission.ts';
import { registerGauges } from './metrics/gauges.ts';
import { LoadHistory } from './metrics/load-history.ts';
import { operationsRoutes } from './http/routes/operations.ts';
import { dashboardRoutes } from './http/routes/dashboard.ts';
import { DialIn } from './phone/dial-in.ts';
import { handOverTo } from './phone/call-handover.ts';
import { RemoteCalls } from './phone/remote-call.ts';
import { Moderation } from './meetings/moderation.ts';
import { buildApp } from './http/app.ts';
import { Recordings } from './recordings/service.ts';
import { LiveSessions } from './signaling/live-sessions.ts';
import { StandingModerators } from './meetings/standing-moderators.ts';
import { OrganizationWatch } from './orgs/suspension.ts';
import { RecordingQuotaWatch } from './orgs/quotas-recording.ts';
import { openShared } from './cluster/shared.ts';
import { internalUrl } from './cluster/http-hop.ts';
import { liveMeetingsRoute } from './cluster/live-meetings.ts';
import type { Services } from './services.ts';

export interface RunningServer {
  services: Services;
  /** Ends every meeting, stops Janus and closes the database. */
  stop(): Promise<void>;
}

/** Builds the services, starts (or reaches) Janus and listens; the caller owns the process. */
export async function startServer(config: Config, log: Logger, db: Db): Promise<RunningServer> {
  const shared = await openShared(config.redis.url, log.child({ part: 'cluster' }), internalUrl(config));
  const media = new JanusNodes(config.janus, config.data.dir, log.child({ part: 'media' }));
  const meetings = new Meetings(
    media,
    {
      participantTimeoutSeconds: config.meeting.participantTimeoutSeconds,
      chatHistory: config.meeting.chatHistory,
      iceServers: config.ice.servers,
      relay: turnRelayFrom(config.turn),
    },
    log.child({ part: 'meetings' }),
  );
  const recordings = new Recordings(config, db, log.child({ part: 'recordings' }), shared.jobs, shared.recordings);
  const liveSessions = new LiveSessions(db);
  await shared.shareSessionChanges(liveSessions.changed);
  const standingModerators = new StandingModerators(db, meetings, log.child({ part: 'meetings' }));
  const organizationWatch = new OrganizationWatch(db, meetings, log.child({ part: 'organizations' }));
  const recordingQuota = new RecordingQuotaWatch(db, meetings, recordings.recorder, (id) => recordings.vault.rawDir(id), log.child({ part: 'organizations' }));
  const services: Services = {
    config,
    log,
    db,
    media,
    meetings,
    admission: new MeasuredAdmission(db, meetings, shared.codes),
    moderation: new Moderation(meetings),
    recordings,
    liveSessions,
    shared,
  };
  const app = await buildApp(services);
  const loadHistory = new LoadHistory(services, config.metrics.sampleSeconds);
  operationsRoutes(app, services);
  dashboardRoutes(app, services, loadHistory);
  liveMeetingsRoute(app, services);
  registerGauges(services);
  await recordings.start();
  media.start();
  const nodeSync = syncNodes(db, media, log.child({ part: 'media' }));
  loadHistory.start();
  await app.listen({ port: config.http.port, host: config.http.host });
  const phone = { db, meetings, log: log.child({ part: 'phone' }) };
  // Calls other processes hold, to meetings that run here: taken with or without dial-in here.
  const remoteCalls = shared.cluster && new RemoteCalls(shared.cluster, { ...phone, ownerElsewhere: shared.ownerElsewhere });
  await remoteCalls?.start();
  services.dialIn = DialIn.start(config, { ...phone, handOver: handOverTo(shared.cluster, shared.ownerElsewhere, phone.log) });
  return {
    services,
    stop: async () => {
      await shared.handOver();
      await services.dialIn?.stop();
      await remoteCalls?.stop();
      await app.close();
      loadHistory.stop();
      liveSessions.stop();
      standingModerators.stop();
      organizationWatch.stop();
      recordingQuota.stop();
      nodeSync.stop();
      recordings.stop();
      await meetings.endAll();
      await media.stop();
      await shared.stop();
      await db.destroy();
    },
  };
}
