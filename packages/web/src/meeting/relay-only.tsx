import { useId, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { relayOnly, rememberRelayOnly } from '../media/preferences.ts';

/** "Use relay only", on the pre-join screen and in the meeting's settings; remembered in this browser. */
export function RelayOnlyChoice(props: { onChange?: () => void }) {
  const [on, setOn] = useState(relayOnly);
  const hint = useId();
  const change = (value: boolean) => {
    rememberRelayOnly(value);
    setOn(value);
    props.onChange?.();
  };
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
