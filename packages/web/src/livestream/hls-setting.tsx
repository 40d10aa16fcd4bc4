import { useEffect, useState } from 'preact/hooks';
import { livestreamHlsPath, type LivestreamHlsAccess } from '@moot/protocol/plain';
import type { LivestreamHlsBody, LivestreamHlsResponse } from '@moot/protocol';
import { describeError, request } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Alert, Select } from '../ui/field.tsx';

/** Whether moot also serves the room's livestream as HLS, to anyone or behind a link that can be replaced. */
export function HlsSetting({ roomId }: { roomId: string }) {
  const [setting, setSetting] = useState<LivestreamHlsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request<LivestreamHlsResponse>('GET', livestreamHlsPath(roomId)).then(setSetting, (e: unknown) => setError(describeError(e)));
  }, [roomId]);

  const change = async (body: LivestreamHlsBody) => {
    setError(null);
    try {
      setSetting(await request<LivestreamHlsResponse>('PUT', livestreamHlsPath(roomId), body));
    } catch (e) {
      setError(describeError(e));
    }
  };

  if (!setting) return <Alert message={error} />;
  return (
    <fieldset class="livestream-hls">
      <legend>{t('livestream.hls')}</legend>
      <Select label={t('livestream.hlsAccess')} value={setting.access} onChange={(e) => void change({ access: e.currentTarget.value as LivestreamHlsAccess })}>
        <option value="off">{t('livestream.hlsOff')}</option>
        <option value="public">{t('livestream.hlsPublic')}</option>
        <option value="link">{t('livestream.hlsLink')}</option>
      </Select>
      {setting.url && (
        <div class="copy-row">
          <input class="url" readOnly value={setting.url} aria-label={t('livestream.hlsUrl')} onFocus={(e) => e.currentTarget.select()} />
          {setting.access === 'link' && (
            <button type="button" onClick={() => void change({ access: 'link', newLink: true })}>
              {t('livestream.hlsNewLink')}
            </button>
          )}
        </div>
      )}
      <Alert message={error} />
    </fieldset>
  );
}
