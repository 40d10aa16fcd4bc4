import { t } from '../i18n/index.ts';
import type { DeviceOption } from '../media/devices.ts';
import { Select } from '../ui/field.tsx';
import type { MeetingSession } from './session.ts';
import { useDevices } from './use-devices.ts';

/** Camera, microphone and (where the browser can choose one) speaker, for pre-join and settings. */
export function DeviceSelects(props: { session: MeetingSession }) {
  const { session } = props;
  const { local } = session;
  const video = local.videoTrack.value;
  const audio = local.audioTrack.value;
  const devices = useDevices([video, audio]);
  // What a track really uses beats the stored choice: the browser may have taken another one.
  const currentId = (track: MediaStreamTrack | null, chosen: string | undefined) => track?.getSettings().deviceId ?? chosen ?? '';

  return (
    <div class="device-row">
      <DeviceSelect label={t('devices.camera')} options={devices.cameras} value={currentId(video, local.cameraId.value)} onChange={(id) => void session.chooseDevice('camera', id)} />
      <DeviceSelect label={t('devices.microphone')} options={devices.microphones} value={currentId(audio, local.micId.value)} onChange={(id) => void session.chooseDevice('microphone', id)} />
      {devices.speakers.length > 0 && (
        <DeviceSelect label={t('devices.speaker')} options={devices.speakers} value={local.speakerId.value ?? devices.speakers[0]?.deviceId ?? ''} onChange={(id) => void session.chooseDevice('speaker', id)} />
      )}
    </div>
  );
}

function DeviceSelect(props: { label: string; options: DeviceOption[]; value: string; onChange: (deviceId: string) => void }) {
  return (
    <Select label={props.label} value={props.value} disabled={props.options.length === 0} onChange={(e) => props.onChange(e.currentTarget.value)}>
      {props.options.length === 0 && <option value="">{t('devices.none')}</option>}
      {props.options.map((option) => (
        <option key={option.deviceId} value={option.deviceId}>
          {option.label}
        </option>
      ))}
    </Select>
  );
}
