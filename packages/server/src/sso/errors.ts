import type { SsoErrorCode } from '@moot/protocol';

/** A refused single sign-on: the code the sign-in page shows, and the reason for the log. */
export class SsoError extends Error {
  constructor(
    readonly code: SsoErrorCode,
    readonly reason: string = code,
  ) {
    super(reason);
  }
}
