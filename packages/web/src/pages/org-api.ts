import { orgRoutes } from '@moot/protocol/plain';
import type {
  AccessReportView,
  InvitationView,
  OperatorOrganizationView,
  OrgBrandingBody,
  OrgBrandingView,
  OrgLogoBody,
  OrgMemberBody,
  OrgMemberChangeBody,
  OrgMemberView,
  OrgPoliciesBody,
  OrgPoliciesView,
} from '@moot/protocol';
import { request } from '../api.ts';

/** The organization admins' and the operators' calls. */
export const orgApi = {
  /** With whether invitations can be mailed, or come back as links to pass on. */
  members: () => request<{ members: OrgMemberView[]; mailConfigured: boolean }>('GET', orgRoutes.members),
  addMember: (body: OrgMemberBody) => request<{ member: OrgMemberView; invitation: InvitationView }>('POST', orgRoutes.members, body),
  changeMember: (id: string, body: OrgMemberChangeBody) => request<{ member: OrgMemberView }>('PATCH', orgRoutes.member(id), body),
  removeMember: (id: string) => request<null>('DELETE', orgRoutes.member(id)),
  policies: () => request<OrgPoliciesView>('GET', orgRoutes.policies),
  savePolicies: (body: OrgPoliciesBody) => request<OrgPoliciesView>('PUT', orgRoutes.policies, body),
  saveBranding: (body: OrgBrandingBody) => request<OrgBrandingView>('PUT', orgRoutes.brandingSettings, body),
  saveLogo: (body: OrgLogoBody) => request<OrgBrandingView>('PUT', orgRoutes.brandingLogo, body),
  removeLogo: () => request<null>('DELETE', orgRoutes.brandingLogo),
  accessAudit: () => request<AccessReportView>('GET', orgRoutes.accessAudit),
  organizations: () => request<{ organizations: OperatorOrganizationView[] }>('GET', orgRoutes.operatorOrganizations),
};
