import { useId, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { relayOnly, rememberRelayOnly } from '../media/preferences.ts';

/** Relay only was chosen in this browser, but this server has no relay: no connection could be made. */
export function relayOnlyUnavailable(serverHasRelay: boolean): boolean {
  return !serverHasRelay && relayOnly();
}

/**
 * "Use relay only", on the pre-join screen and in the meeting's settings; remembered in this
 * browser. Offered only when the server has a relay (TURN). Someone who chose it on a server that
 * has one is told here that this one has none, and may connect directly instead.
 */
export function RelayOnlyChoice(props: { serverHasRelay: boolean; onChange?: () => void }) {
  const [on, setOn] = useState(relayOnly);
  const hint = useId();
  const change = (value: boolean) => {
    rememberRelayOnly(value);
    setOn(value);
    props.onChange?.();
  };
  if (!props.serverHasRelay) {
    if (!on) return null;
    return (
      <div class="notice" role="alert">
        <p>{t('devices.relayUnavailable')}</p>
        <button type="button" onClick={() => change(false)}>
          {t('devices.connectDirectly')}
        </button>
      </div>
    );
  }
  return (
    <div class="choice">
      <label class="check">
        <input type="checkbox" checked={on} aria-describedby={hint} onChange={(e) => change(e.currentTarget.checked)} />
        {t('devices.relayOnly')}
      </label>
      <small id={hint} class="hint">
        {t('devices.relayOnlyHint')}
      </small>
    </div>
  );
}
