import { useEffect, useState } from 'preact/hooks';
import type { AccessReportView, AuditLogView, AuditQuery } from '@moot/protocol';
import { describeError } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Alert, Field, Select } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { TimeText, formatDateTime } from '../ui/time.tsx';
import { accountApi } from './account-api.ts';
import { actionLabel, auditSentence } from './audit-sentences.ts';

/** The access audit (who may do what, and what looks wrong) and the audit log, for administrators. */
export function AdminAuditPage() {
  const [report, setReport] = useState<AccessReportView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    accountApi.accessAudit().then(setReport, (e) => setError(describeError(e)));
  }, []);

  return (
    <>
      <Header />
      <main class="page">
        <h1>{t('audit.title')}</h1>
        <Alert message={error} />
        <AuditLog />
        {report && <AccessReport report={report} />}
      </main>
    </>
  );
}

/** Local midnight at the start (or the end) of a day picked in a date field, as the server's UTC time. */
function dayBound(day: string, end: boolean): string | undefined {
  return day ? new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined;
}

/** The log in sentences and local times, narrowed by person, action and days; `read` asks the server (the administrators' log unless another). */
export function AuditLog({ read = accountApi.auditLog }: { read?: (query: AuditQuery) => Promise<AuditLogView> }) {
  const [person, setPerson] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [log, setLog] = useState<AuditLogView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    const query: AuditQuery = { limit: 200, person: person.trim() || undefined, action: action || undefined, from: dayBound(from, false), to: dayBound(to, true) };
    read(query).then(
      (answer) => {
        setLog(answer);
        setError(null);
      },
      (failure) => setError(describeError(failure)),
    );
  };
  useEffect(load, []);

  return (
    <section class="card" aria-labelledby="log-heading">
      <h2 id="log-heading">{t('audit.log')}</h2>
      <form
        class="filters"
        aria-label={t('audit.filter')}
        onSubmit={(event) => {
          event.preventDefault();
          load();
        }}
      >
        <Field label={t('audit.person')} type="search" placeholder={t('audit.personHint')} value={person} onInput={(e) => setPerson(e.currentTarget.value)} />
        <Select label={t('audit.action')} value={action} onChange={(e) => setAction(e.currentTarget.value)}>
          <option value="">{t('audit.anyAction')}</option>
          {log?.actions.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </Select>
        <Field label={t('audit.from')} type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        <Field label={t('audit.to')} type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        <div class="actions">
          <button type="submit">{t('meeting.show')}</button>
        </div>
      </form>
      <Alert message={error} />
      {log && log.entries.length === 0 && <p>{t('audit.noMatch')}</p>}
      {log && log.entries.length > 0 && (
        <ol class="audit-log" aria-label={t('audit.entries')}>
          {log.entries.map((entry) => (
            <li key={entry.id}>
              <TimeText iso={entry.at} />
              <span>{auditSentence(entry)}</span>
              {entry.origin && entry.origin !== 'cli' && <span class="muted">{t('audit.origin', { origin: entry.origin })}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function AccessReport({ report }: { report: AccessReportView }) {
  const group = (v: boolean | null) => (v === null ? t('audit.notChecked') : v ? t('audit.yes') : t('audit.no'));
  const never = t('admin.never');
  return (
    <section class="card" aria-labelledby="access-heading">
      <h2 id="access-heading">{t('audit.access')}</h2>
      {report.violations.length ? (
        <ul role="alert" aria-label={t('audit.breaches')}>
          {report.violations.map((v) => (
            <li key={v}>{v}</li>
          ))}
        </ul>
      ) : (
        <p role="status">{t('audit.policyHolds')}</p>
      )}
      <h3>{t('audit.admins')}</h3>
      <Table label={t('audit.admins')} columns={[t('field.email'), t('roomForm.name'), t('audit.inAdminGroup')]} rows={report.admins.map((a) => [a.email, a.name, group(a.inAdminGroup)])} />
      <h3>{t('audit.lookAlikes')}</h3>
      <Table label={t('audit.lookAlikes')} columns={[t('audit.accounts')]} rows={report.lookAlikes.map((g) => [g.accounts.map((a) => `${a.email} (${a.name})`).join(' ~ ')])} />
      <h3>{t('audit.notInDirectory')}</h3>
      <Table label={t('audit.notInDirectory')} columns={[t('field.email'), t('roomForm.name')]} rows={report.notInDirectory.map((a) => [a.email, a.name])} />
      <h3>{t('audit.directoryOnly')}</h3>
      <Table label={t('audit.directoryOnly')} columns={['uid', t('field.email')]} rows={report.directoryWithoutAccount.map((p) => [p.uid, p.email])} />
      <h3>{t('audit.suspendedOwners')}</h3>
      <Table label={t('audit.suspendedOwnersShort')} columns={[t('field.email'), t('home.title'), t('nav.recordings')]} rows={report.suspendedOwners.map((s) => [s.email, String(s.rooms), String(s.recordings)])} />
      <h3>{t('audit.unused')}</h3>
      <Table label={t('audit.unused')} columns={[t('field.email'), t('admin.lastSignIn')]} rows={report.unused.map((u) => [u.email, u.lastSignIn ? formatDateTime(u.lastSignIn) : never])} />
      <h3>{t('audit.oldPasswords')}</h3>
      <Table
        label={t('audit.oldPasswords')}
        columns={[t('field.email'), t('audit.changed')]}
        rows={report.stalePasswords.map((u) => [u.email, u.passwordChangedAt ? formatDateTime(u.passwordChangedAt) : never])}
      />
    </section>
  );
}

function Table(props: { label: string; columns: string[]; rows: string[][] }) {
  if (props.rows.length === 0) return <p>{t('audit.none')}</p>;
  return (
    <div class="table-wrap">
      <table aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
