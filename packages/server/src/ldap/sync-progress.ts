import type { LdapSyncView } from '@moot/protocol';

/**
 * Where the server's scheduled directory sync is, for the Administration page: reading the
 * directory, then applying each change. In memory: one server per process, and a restart
 * starts a new sync anyway.
 */
export class LdapSyncProgress {
  private view: Omit<LdapSyncView, 'configured'> = { state: 'idle', done: 0, total: 0, startedAt: null, finishedAt: null, error: null };

  current(): Omit<LdapSyncView, 'configured'> {
    return { ...this.view };
  }

  reading(): void {
    this.view = { state: 'reading', done: 0, total: 0, startedAt: new Date().toISOString(), finishedAt: null, error: null };
  }

  applying = (done: number, total: number): void => {
    this.view = { ...this.view, state: 'applying', done, total };
  };

  finished(error?: string): void {
    this.view = { ...this.view, state: error ? 'failed' : 'done', finishedAt: new Date().toISOString(), error: error ?? null };
  }
}

export const ldapSyncProgress = new LdapSyncProgress();
