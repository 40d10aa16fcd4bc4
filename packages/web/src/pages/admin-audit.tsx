import { useEffect, useState } from 'preact/hooks';
import type { AccessReportView, AuditLogView, AuditQuery } from '@moot/protocol';
import { describeError } from '../api.ts';
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
        <h1>Audit</h1>
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

/** The log in sentences and local times, narrowed by person, action and days. */
function AuditLog() {
  const [person, setPerson] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [log, setLog] = useState<AuditLogView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    const query: AuditQuery = { limit: 200, person: person.trim() || undefined, action: action || undefined, from: dayBound(from, false), to: dayBound(to, true) };
    accountApi.auditLog(query).then(
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
      <h2 id="log-heading">Audit log</h2>
      <form
        class="filters"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          load();
        }}
      >
        <Field label="Person" type="search" placeholder="part of an email" value={person} onInput={(e) => setPerson(e.currentTarget.value)} />
        <Select label="Action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
          <option value="">Any action</option>
          {log?.actions.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </Select>
        <Field label="From" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        <Field label="To" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        <div class="actions">
          <button type="submit">Show</button>
        </div>
      </form>
      <Alert message={error} />
      {log && log.entries.length === 0 && <p>Nothing in the log matches.</p>}
      {log && log.entries.length > 0 && (
        <ol class="audit-log" aria-label="Audit log entries">
          {log.entries.map((entry) => (
            <li key={entry.id}>
              <TimeText iso={entry.at} />
              <span>{auditSentence(entry)}</span>
              {entry.origin && entry.origin !== 'cli' && <span class="muted">from {entry.origin}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
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
      <Table label="Unused accounts" columns={['Email', 'Last sign-in']} rows={report.unused.map((u) => [u.email, u.lastSignIn ? formatDateTime(u.lastSignIn) : 'never'])} />
      <h3>Old passwords</h3>
      <Table
        label="Old passwords"
        columns={['Email', 'Changed']}
        rows={report.stalePasswords.map((u) => [u.email, u.passwordChangedAt ? formatDateTime(u.passwordChangedAt) : 'never'])}
      />
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
