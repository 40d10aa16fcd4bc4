import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs; anything that could carry a secret is redacted before it is written. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'req.headers.cookie', 'req.headers.authorization', 'sdp', '*.sdp'],
      censor: '[redacted]',
    },
  });
}
