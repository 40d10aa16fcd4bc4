import { useEffect, useState } from 'preact/hooks';
import type { AccessReportView, AuditEntryView } from '@moot/protocol';
import { describeError } from '../api.ts';
import { Alert } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { accountApi } from './account-api.ts';

/** The access audit (who may do what, and what looks wrong) and the audit log, for administrators. */
export function AdminAuditPage() {
  const [report, setReport] = useState<AccessReportView | null>(null);
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    accountApi.accessAudit().then(setReport, (e) => setError(describeError(e)));
    accountApi.auditLog().then((a) => setEntries(a.entries), (e) => setError(describeError(e)));
  }, []);

  return (
    <>
      <Header />
      <main class="page">
        <h1>Audit</h1>
        <Alert message={error} />
        {report && <AccessReport report={report} />}
        {entries && (
          <section class="card" aria-labelledby="log-heading">
            <h2 id="log-heading">Audit log</h2>
            <Table
              label="Audit log"
              columns={['When', 'Who', 'Action', 'Target', 'From', 'Details']}
              rows={entries.map((e) => [e.at, e.actor, e.action, e.target ?? '', e.origin ?? '', e.details ? JSON.stringify(e.details) : ''])}
            />
          </section>
        )}
      </main>
    </>
  );
}

function AccessReport({ report }: { report: AccessReportView }) {
  const group = (v: boolean | null) => (v === null ? 'not checked' : v ? 'yes' : 'no');
  return (
    <section class="card" aria-labelledby="access-heading">
      <h2 id="access-heading">Access audit</h2>
      {report.violations.length ? (
        <ul role="alert" aria-label="Policy breaches">
          {report.violations.map((v) => (
            <li key={v}>{v}</li>
          ))}
        </ul>
      ) : (
        <p role="status">The account policy holds.</p>
      )}
      <h3>Administrators</h3>
      <Table label="Administrators" columns={['Email', 'Name', 'In admin group']} rows={report.admins.map((a) => [a.email, a.name, group(a.inAdminGroup)])} />
      <h3>Look-alike names</h3>
      <Table label="Look-alike names" columns={['Accounts']} rows={report.lookAlikes.map((g) => [g.accounts.map((a) => `${a.email} (${a.name})`).join(' ~ ')])} />
      <h3>Accounts not in the directory</h3>
      <Table label="Accounts not in the directory" columns={['Email', 'Name']} rows={report.notInDirectory.map((a) => [a.email, a.name])} />
      <h3>Directory people without an account</h3>
      <Table label="Directory people without an account" columns={['uid', 'Email']} rows={report.directoryWithoutAccount.map((p) => [p.uid, p.email])} />
      <h3>Suspended accounts owning rooms</h3>
      <Table label="Suspended owners" columns={['Email', 'Rooms', 'Recordings']} rows={report.suspendedOwners.map((s) => [s.email, String(s.rooms), String(s.recordings)])} />
      <h3>Unused accounts</h3>
      <Table label="Unused accounts" columns={['Email', 'Last sign-in']} rows={report.unused.map((u) => [u.email, u.lastSignIn ?? 'never'])} />
      <h3>Old passwords</h3>
      <Table label="Old passwords" columns={['Email', 'Changed']} rows={report.stalePasswords.map((u) => [u.email, u.passwordChangedAt ?? 'never'])} />
    </section>
  );
}

function Table(props: { label: string; columns: string[]; rows: string[][] }) {
  if (props.rows.length === 0) return <p>None.</p>;
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
