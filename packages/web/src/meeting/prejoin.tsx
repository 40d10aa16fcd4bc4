import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { LanguagePicker } from '../i18n/picker.tsx';
import { meterLevel } from '../media/devices.ts';
import { Alert, Field } from '../ui/field.tsx';
import { Icon } from '../ui/icons.tsx';
import { TrackVideo } from '../ui/video.tsx';
import { DeviceSelects } from './device-selects.tsx';
import { RelayOnlyChoice, relayOnlyUnavailable } from './relay-only.tsx';
import type { MeetingSession } from './session.ts';

const NAME_KEY = 'moot.name';

export function PreJoin(props: { session: MeetingSession }) {
  const { session } = props;
  const { local, entry } = session;
  // A join ticket already says who enters.
  const isGuest = entry.as === 'guest' && !session.ticket;
  const needsCode = entry.needsAccessCode && !session.ticket;
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  const [accessCode, setAccessCode] = useState('');
  const joining = session.phase.value === 'joining';
  // Relay only where there is no relay would connect nothing: the person first chooses otherwise.
  const [relayMissing, setRelayMissing] = useState(() => relayOnlyUnavailable(entry.relay));

  useEffect(() => {
    void local.start();
  }, []);

  const join = (event: Event) => {
    event.preventDefault();
    if (isGuest) localStorage.setItem(NAME_KEY, name.trim());
    void session.join({
      ...(isGuest ? { name: name.trim() } : {}),
      ...(needsCode ? { accessCode: accessCode.trim() } : {}),
    });
  };

  return (
    <main class="form-page prejoin">
      <form class="card wide" onSubmit={join}>
        <header class="prejoin-head">
          <h1>{entry.room.name}</h1>
          <p class="muted">
            {entry.room.live > 0
              ? t('prejoin.hostedLive', { owner: entry.room.ownerName, count: entry.room.live })
              : t('prejoin.hosted', { owner: entry.room.ownerName })}
          </p>
        </header>
        <Preview session={session} />
        {/* Beside the preview on wide screens, so Join stays in view on a laptop. */}
        <div class="prejoin-fields">
          <DeviceSelects session={session} />
          <RelayOnlyChoice serverHasRelay={entry.relay} onChange={() => setRelayMissing(relayOnlyUnavailable(entry.relay))} />
          {local.problem.value && (
            <p class="notice" role="status">
              {t('prejoin.deviceProblem', { problem: local.problem.value })}
            </p>
          )}
          {isGuest && (
            <Field label={t('field.yourName')} required maxLength={80} autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          )}
          {needsCode && (
            <Field label={t('roomForm.accessCode')} required autocomplete="off" value={accessCode} onInput={(e) => setAccessCode(e.currentTarget.value)} />
          )}
          <Alert message={session.joinError.value} />
          {session.reloadNeeded.value ? (
            // This page cannot talk to the updated server: joining again would fail the same way.
            <button type="button" class="primary big" onClick={() => location.reload()}>
              {t('prejoin.reload')}
            </button>
          ) : (
            <button class="primary big" type="submit" disabled={joining || relayMissing}>
              {joining ? t('prejoin.joining') : t('prejoin.join')}
            </button>
          )}
          <LanguagePicker />
        </div>
      </form>
    </main>
  );
}

function Preview(props: { session: MeetingSession }) {
  const { session } = props;
  const { local } = session;
  const video = local.videoTrack.value;
  const audio = local.audioTrack.value;
  const micOn = local.micOn.value;
  const [level, setLevel] = useState(0);

  useEffect(() => {
    if (!audio || !micOn) {
      setLevel(0);
      return;
    }
    return meterLevel(audio, setLevel);
  }, [audio, micOn]);

  return (
    <div class="preview">
      <div class="preview-video">
        {video ? <TrackVideo track={video} class="mirror" aria-label={t('prejoin.yourCamera')} /> : <p class="muted">{t('prejoin.cameraOff')}</p>}
        <div class="preview-toggles">
          <button type="button" class={micOn ? 'round' : 'round off'} aria-label={micOn ? t('controls.mute') : t('controls.unmute')} onClick={() => void session.setMic(!micOn)}>
            <Icon name={micOn ? 'mic' : 'micOff'} />
          </button>
          <button
            type="button"
            class={local.cameraOn.value ? 'round' : 'round off'}
            aria-label={local.cameraOn.value ? t('controls.stopCamera') : t('controls.startCamera')}
            onClick={() => void session.setCamera(!local.cameraOn.value)}
          >
            <Icon name={local.cameraOn.value ? 'camera' : 'cameraOff'} />
          </button>
        </div>
      </div>
      <div class="meter" role="meter" aria-label={t('prejoin.micLevel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
        <span style={{ width: `${Math.round(level * 100)}%` }} />
      </div>
    </div>
  );
}
