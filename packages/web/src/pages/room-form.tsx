import { useState } from 'preact/hooks';
import type { GuestPolicy, LobbyPolicy, RoomRecordingSettingsBody, RoomView } from '@moot/protocol';
import { t } from '../i18n/index.ts';
import { Alert, Field, Select } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';

const guestPolicies: GuestPolicy[] = ['off', 'link', 'code'];
const lobbyPolicies: LobbyPolicy[] = ['off', 'guests', 'everyone'];

export function guestPolicyLabel(policy: GuestPolicy): string {
  return t(`roomForm.guests.${policy}`);
}

function lobbyLabel(policy: LobbyPolicy): string {
  return t(`roomForm.lobby.${policy}`);
}

export interface RoomFormValues {
  name: string;
  guests: GuestPolicy;
  accessCode?: string;
  lobby: LobbyPolicy;
  joinMutedAbove: number;
  /** People join as audience: they watch and listen without a seat (big events). */
  joinAsAudience: boolean;
  /** Emails of members who moderate the room's meetings beside its owner. */
  moderators: string[];
  recording: RoomRecordingSettingsBody;
}

/** Used both to create a room and to change one; `room` is the one being changed. */
export function RoomForm(props: { room?: RoomView; submitLabel: string; onSubmit: (values: RoomFormValues) => Promise<void>; onCancel?: () => void }) {
  const [name, setName] = useState(props.room?.name ?? '');
  const [guests, setGuests] = useState<GuestPolicy>(props.room?.guests ?? 'off');
  const [accessCode, setAccessCode] = useState(props.room?.accessCode ?? '');
  const [lobby, setLobby] = useState<LobbyPolicy>(props.room?.lobby ?? 'off');
  const [joinMutedAbove, setJoinMutedAbove] = useState(props.room?.joinMutedAbove ?? 10);
  const [joinAsAudience, setJoinAsAudience] = useState(props.room?.joinAsAudience ?? false);
  const [moderators, setModerators] = useState(props.room?.moderators?.join(', ') ?? '');
  const [recordingAllowed, setRecordingAllowed] = useState(props.room?.recording?.allowed ?? true);
  const [keepDays, setKeepDays] = useState(props.room?.recording?.maxAgeDays?.toString() ?? '');
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const emails = moderators.split(/[\s,;]+/).filter(Boolean);
      const recording = { allowed: recordingAllowed, maxAgeDays: keepDays ? Number(keepDays) : null };
      await props.onSubmit({ name, guests, lobby, joinMutedAbove, joinAsAudience, moderators: emails, recording, ...(guests === 'code' ? { accessCode } : {}) });
      if (!props.room) {
        setName('');
        setAccessCode('');
        setModerators('');
        setKeepDays('');
        setRecordingAllowed(true);
      }
    });
  };

  return (
    <form class="room-form" onSubmit={submit}>
      <Field label={t('roomForm.name')} required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <Choice label={t('roomForm.guestsLabel')} value={guests} options={guestPolicies} optionLabel={guestPolicyLabel} onChange={setGuests} />
      {guests === 'code' && (
        <Field
          label={t('roomForm.accessCode')}
          required
          pattern="[0-9A-Za-z]{4,16}"
          hint={t('roomForm.accessCodeHint', { min: 4, max: 16 })}
          value={accessCode}
          onInput={(e) => setAccessCode(e.currentTarget.value)}
        />
      )}
      <Choice label={t('roomForm.lobbyLabel')} value={lobby} options={lobbyPolicies} optionLabel={lobbyLabel} onChange={setLobby} />
      <Field
        label={t('roomForm.joinMuted')}
        type="number"
        min={0}
        max={500}
        hint={t('roomForm.joinMutedHint')}
        value={joinMutedAbove}
        onInput={(e) => setJoinMutedAbove(Number(e.currentTarget.value))}
      />
      <label class="check">
        <input type="checkbox" checked={joinAsAudience} onChange={(e) => setJoinAsAudience(e.currentTarget.checked)} />
        {t('roomForm.joinAsAudience')}
      </label>
      <small class="hint">{t('roomForm.joinAsAudienceHint')}</small>
      <Field
        label={t('roomForm.moderators')}
        hint={t('roomForm.moderatorsHint')}
        value={moderators}
        onInput={(e) => setModerators(e.currentTarget.value)}
      />
      <fieldset class="group">
        <legend>{t('roomForm.recording')}</legend>
        <label class="check">
          <input type="checkbox" checked={recordingAllowed} onChange={(e) => setRecordingAllowed(e.currentTarget.checked)} />
          {t('roomForm.recordingAllowed')}
        </label>
        <Field
          label={t('roomForm.keepDays')}
          type="number"
          min={1}
          max={36500}
          hint={t('roomForm.keepDaysHint')}
          value={keepDays}
          onInput={(e) => setKeepDays(e.currentTarget.value)}
        />
      </fieldset>
      <Alert message={error} />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('action.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function Choice<T extends string>(props: { label: string; value: T; options: T[]; optionLabel: (value: T) => string; onChange: (value: T) => void }) {
  return (
    <Select label={props.label} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
      {props.options.map((value) => (
        <option key={value} value={value}>
          {props.optionLabel(value)}
        </option>
      ))}
    </Select>
  );
}
