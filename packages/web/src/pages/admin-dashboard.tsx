import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DashboardSampleView, DashboardView } from '@moot/protocol';
import { routes } from '@moot/protocol/plain';
import { describeError, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Alert } from '../ui/field.tsx';
import { Header } from '../ui/header.tsx';
import { Link } from '../ui/link.tsx';
import { TimeText } from '../ui/time.tsx';
import { Plot, type PlotSeries } from './admin-dashboard-plot.tsx';

/** The meeting list is live: asked for again this often, whatever the sampling interval. */
const REFRESH_MS = 15_000;

/** Plots side by side where the page is wide enough, one under another on a phone. */
const PLOT_GRID = { display: 'grid', gap: '1rem', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 22rem), 1fr))' };

const percent = (share: number) => `${Math.round(share * 100)} %`;
const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const rate = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB/s` : bytes >= 1e3 ? `${Math.round(bytes / 1e3)} kB/s` : `${Math.round(bytes)} B/s`);
const count = (n: number) => String(Math.round(n));

function column(samples: DashboardSampleView[], pick: (s: DashboardSampleView) => number | null): (number | null)[] {
  return samples.map(pick);
}

/** The latest value of each series in words, for the plot's caption. */
function latest(series: PlotSeries[], format: (value: number) => string): string {
  return series.map((s) => `${s.label}: ${s.values.at(-1) == null ? '—' : format(s.values.at(-1)!)}`).join(', ');
}

/** The operators' view of the server now: meetings and people, and the last 24 hours of load. */
export function AdminDashboardPage() {
  const [dashboard, setDashboard] = useState<DashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      request<DashboardView>('GET', routes.adminDashboard).then(
        (answer) => {
          setDashboard(answer);
          setError(null);
        },
        (failure) => setError(describeError(failure)),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const plots = useMemo(() => {
    const samples = dashboard?.samples ?? [];
    const times = samples.map((s) => s.at);
    const make = (title: string, format: (value: number) => string, series: PlotSeries[]) => ({ title, format, series, times, summary: latest(series, format), whole: format === count });
    return [
      make(t('dashboard.plotMeetings'), count, [
        { label: t('dashboard.seriesMeetings'), color: '#2563eb', values: column(samples, (s) => s.meetings) },
        { label: t('dashboard.seriesPeople'), color: '#16a34a', values: column(samples, (s) => s.participants) },
      ]),
      make(t('dashboard.plotCpu'), percent, [
        { label: t('dashboard.seriesServer'), color: '#9333ea', values: column(samples, (s) => s.serverCpu) },
        { label: t('dashboard.seriesJanus'), color: '#ea580c', values: column(samples, (s) => s.janusCpu) },
      ]),
      make(t('dashboard.plotMemory'), megabytes, [
        { label: t('dashboard.seriesServer'), color: '#9333ea', values: column(samples, (s) => s.serverMemory) },
        { label: t('dashboard.seriesJanus'), color: '#ea580c', values: column(samples, (s) => s.janusMemory) },
      ]),
      make(t('dashboard.plotNetwork'), rate, [
        { label: t('dashboard.seriesReceived'), color: '#0891b2', values: column(samples, (s) => s.receiveRate) },
        { label: t('dashboard.seriesSent'), color: '#be123c', values: column(samples, (s) => s.transmitRate) },
      ]),
    ];
  }, [dashboard]);

  return (
    <>
      <Header />
      <main class="page">
        <h1>{t('dashboard.title')}</h1>
        <p>
          <Link href="/admin">{t('dashboard.back')}</Link>
        </p>
        <Alert message={error} />
        {dashboard && (
          <>
            <p role="status">{dashboard.janus === 'up' ? t('dashboard.janusUp') : t('dashboard.janusDown')}</p>
            <section class="card" aria-labelledby="meetings-heading">
              <h2 id="meetings-heading">{t('dashboard.meetingsNow', { count: dashboard.meetings.length })}</h2>
              {dashboard.meetings.length === 0 ? (
                <p>{t('dashboard.noMeetings')}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.columnRoom')}</th>
                      <th scope="col">{t('dashboard.columnPeople')}</th>
                      <th scope="col">{t('dashboard.columnStarted')}</th>
                      <th scope="col">{t('dashboard.columnRecording')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {dashboard.meetings.map((meeting) => (
                      <tr key={meeting.roomId}>
                        <td>{meeting.roomName}</td>
                        <td>{meeting.participants}</td>
                        <td>
                          <TimeText iso={meeting.startedAt} />
                        </td>
                        <td>{meeting.recording ? t('dashboard.recordingYes') : t('dashboard.recordingNo')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section class="card" aria-labelledby="load-heading">
              <h2 id="load-heading">{t('dashboard.load')}</h2>
              <p>{t('dashboard.loadNote', { count: dashboard.sampleSeconds })}</p>
              <div class="plots" style={PLOT_GRID}>
                {plots.map((plot) => (
                  <Plot key={plot.title} {...plot} />
                ))}
              </div>
            </section>
          </>
        )}
      </main>
    </>
  );
}
