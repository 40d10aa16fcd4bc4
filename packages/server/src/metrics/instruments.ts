import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Participant } from '../meetings/participant.ts';

/**
 * The server's own Prometheus registry and the events counted where they happen (joins,
 * refusals, errors). One per process: a process runs one server. Gauges of the current state
 * are read when Prometheus scrapes (see gauges.ts).
 */
export const registry = new Registry();

// The server process's CPU, memory, event-loop lag and garbage collection, under `moot_`.
collectDefaultMetrics({ register: registry, prefix: 'moot_' });

/** The `account` label: members have an account here, guests (and API ticket holders) do not. */
export function accountOf(participant: Participant): 'member' | 'guest' {
  return participant.userId ? 'member' : 'guest';
}

export const joins = new Counter({
  name: 'moot_joins_total',
  help: 'People let into a meeting (at once; the lobby counts when a moderator admits them).',
  labelNames: ['kind', 'account'] as const,
  registers: [registry],
});

export const joinFailures = new Counter({
  name: 'moot_join_failures_total',
  help: 'Join requests refused, by the error code the person was given.',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const joinSeconds = new Histogram({
  name: 'moot_join_duration_seconds',
  help: 'From a join request to being let in, media rooms ready; the browser then sets up WebRTC.',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const signalingErrors = new Counter({
  name: 'moot_signaling_errors_total',
  help: 'Errors sent to browsers over signaling, by error code.',
  labelNames: ['code'] as const,
  registers: [registry],
});

export const signInFailures = new Counter({
  name: 'moot_sign_in_failures_total',
  help: 'Refused sign-ins, by reason (invalid-credentials, rate-limited, bad-request, internal).',
  labelNames: ['reason'] as const,
  registers: [registry],
});
