import { useEffect, useState } from 'preact/hooks';
import { MAX_LIVESTREAM_DESTINATIONS, livestreamDestinationsPath } from '@moot/protocol/plain';
import type { LivestreamDestinationsBody, LivestreamDestinationsResponse } from '@moot/protocol';
import { describeError, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Alert, Field } from '../ui/field.tsx';
import { HlsSetting } from './hls-setting.tsx';

interface Row {
  /** Saved destinations have an id; their key stays on the server unless a new one is typed. */
  id?: string;
  name: string;
  url: string;
  streamKey: string;
}

const toRows = (response: LivestreamDestinationsResponse): Row[] => response.destinations.map((d) => ({ id: d.id, name: d.name, url: d.url, streamKey: '' }));

/** A room's livestream destinations, for its owner and moderators. Stream keys are write-only. */
export default function LivestreamDestinations({ roomId, roomName }: { roomId: string; roomName: string }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    request<LivestreamDestinationsResponse>('GET', livestreamDestinationsPath(roomId)).then(
      (r) => setRows(toRows(r)),
      (e: unknown) => setError(describeError(e)),
    );
  }, [roomId]);

  const change = (index: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((all) => all && all.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!rows) return;
    setError(null);
    const body: LivestreamDestinationsBody = {
      destinations: rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), name: r.name, url: r.url, ...(r.streamKey ? { streamKey: r.streamKey } : {}) })),
    };
    try {
      setRows(toRows(await request<LivestreamDestinationsResponse>('PUT', livestreamDestinationsPath(roomId), body)));
      setSaved(true);
    } catch (e) {
      setError(describeError(e));
    }
  };

  if (!rows) return <Alert message={error} />;
  return (
    <>
      <form class="livestream-destinations" aria-label={t('livestream.destinationsOf', { room: roomName })} onSubmit={save}>
        <p class="muted">{t('livestream.destinationsIntro')}</p>
        {rows.map((row, index) => (
          <fieldset key={row.id ?? `new-${index}`}>
            <legend>{row.name || t('livestream.newDestination')}</legend>
            <Field label={t('livestream.name')} required maxLength={60} value={row.name} onInput={(e) => change(index, { name: e.currentTarget.value })} />
            <Field label={t('livestream.url')} required type="url" placeholder="rtmp://…" value={row.url} onInput={(e) => change(index, { url: e.currentTarget.value })} />
            <Field
              label={t('livestream.key')}
              type="password"
              autocomplete="off"
              required={!row.id}
              hint={row.id ? t('livestream.keyKept') : undefined}
              value={row.streamKey}
              onInput={(e) => change(index, { streamKey: e.currentTarget.value })}
            />
            <button type="button" class="danger" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
              {t('livestream.remove', { name: row.name || t('livestream.newDestination') })}
            </button>
          </fieldset>
        ))}
        {rows.length < MAX_LIVESTREAM_DESTINATIONS && (
          <button type="button" onClick={() => setRows([...rows, { name: '', url: '', streamKey: '' }])}>
            {t('livestream.add')}
          </button>
        )}
        <Alert message={error} />
        {saved && <p role="status">{t('livestream.saved')}</p>}
        <button type="submit" class="primary">
          {t('livestream.save')}
        </button>
      </form>
      <HlsSetting roomId={roomId} />
    </>
  );
}
