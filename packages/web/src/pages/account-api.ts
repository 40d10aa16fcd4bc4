import { accountRoutes } from '@moot/protocol/plain';
import type { AccessReportView, AuditLogView, AuditQuery, UserView } from '@moot/protocol';
import { request } from '../api.ts';

/** The account and audit calls of the pages in this folder. */
export const accountApi = {
  /** The answer is the same for every address; it only tells whether this server can send mail at all. */
  requestReset: (email: string) => request<{ mailConfigured: boolean }>('POST', accountRoutes.passwordReset, { email }),
  completeReset: (token: string, password: string) => request<{ user: UserView }>('POST', accountRoutes.passwordResetComplete, { token, password }),
  confirmPassword: (password: string) => request<unknown>('POST', accountRoutes.sessionConfirm, { password }),
  signOutEverywhere: () => request<unknown>('DELETE', accountRoutes.allSessions),
  /** The administrators' log, or the one at `path` (an organization's, for its admins). */
  auditLog: (query: AuditQuery, path: string = accountRoutes.adminAudit) => {
    const params = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
    return request<AuditLogView>('GET', `${path}?${params}`);
  },
  accessAudit: () => request<AccessReportView>('GET', accountRoutes.adminAccessAudit),
};
