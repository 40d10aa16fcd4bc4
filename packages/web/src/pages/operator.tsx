import { useEffect, useState } from 'preact/hooks';
import type { OperatorOrganizationView } from '@moot/protocol';
import { describeError } from '../api.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { Alert } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { orgApi } from './org-api.ts';

const BYTES_PER_MB = 1_000_000;

/** A count against its quota, when there is one. */
function used(count: number, limit: number | null): string {
  return limit === null ? formatNumber(count) : t('operator.used', { used: formatNumber(count), limit: formatNumber(limit) });
}

/** The operators' list of organizations: settings and counts, never their rooms, people or content. */
export function OperatorPage() {
  const [organizations, setOrganizations] = useState<OperatorOrganizationView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    orgApi.organizations().then((answer) => setOrganizations(answer.organizations), (failure) => setError(describeError(failure)));
  }, []);

  return (
    <>
      <Header />
      <main class="page">
        <h1>{t('nav.operator')}</h1>
        <p class="muted">{t('operator.intro')}</p>
        <Alert message={error} />
        {organizations && (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('org.name')}</th>
                  <th scope="col">{t('operator.slug')}</th>
                  <th scope="col">{t('operator.members')}</th>
                  <th scope="col">{t('operator.rooms')}</th>
                  <th scope="col">{t('operator.live')}</th>
                  <th scope="col">{t('operator.storage')} (MB)</th>
                  <th scope="col">{t('operator.state')}</th>
                </tr>
              </thead>
              <tbody>
                {organizations.map((org) => (
                  <tr key={org.slug} data-org={org.slug}>
                    <td>
                      {org.name}
                      {org.operator && <span class="muted"> ({t('operator.ownOrganization')})</span>}
                    </td>
                    <td>{org.operator ? '/' : (org.domain ?? `/o/${org.slug}/`)}</td>
                    <td>{formatNumber(org.usage.members)}</td>
                    <td>{used(org.usage.rooms, org.quotas.rooms)}</td>
                    <td>
                      {formatNumber(org.usage.liveMeetings)} ({used(org.usage.liveParticipants, org.quotas.participants)})
                    </td>
                    <td>
                      {used(Math.ceil(org.usage.recordingBytes / BYTES_PER_MB), org.quotas.recordingBytes === null ? null : Math.floor(org.quotas.recordingBytes / BYTES_PER_MB))}
                    </td>
                    <td>{org.suspended ? t('admin.status.suspended') : t('admin.status.active')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </main>
    </>
  );
}
