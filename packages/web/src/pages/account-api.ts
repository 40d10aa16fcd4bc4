import { accountRoutes } from '@moot/protocol/plain';
import type { AccessReportView, AuditEntryView, UserView } from '@moot/protocol';
import { request } from '../api.ts';

/** The account and audit calls of the pages in this folder. */
export const accountApi = {
  requestReset: (email: string) => request<unknown>('POST', accountRoutes.passwordReset, { email }),
  completeReset: (token: string, password: string) => request<{ user: UserView }>('POST', accountRoutes.passwordResetComplete, { token, password }),
  confirmPassword: (password: string) => request<unknown>('POST', accountRoutes.sessionConfirm, { password }),
  signOutEverywhere: () => request<unknown>('DELETE', accountRoutes.allSessions),
  auditLog: (limit = 200) => request<{ entries: AuditEntryView[] }>('GET', `${accountRoutes.adminAudit}?limit=${limit}`),
  accessAudit: () => request<AccessReportView>('GET', accountRoutes.adminAccessAudit),
};
