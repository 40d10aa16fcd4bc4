import { useState } from 'preact/hooks';
import type { GuestPolicy, LobbyPolicy, RoomRecordingSettingsBody, RoomView } from '@moot/protocol';
import { Alert, Field, Select } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';

export const guestPolicyLabels: Record<GuestPolicy, string> = {
  off: 'Members only',
  link: 'Guests with the link',
  code: 'Guests with an access code',
};

const lobbyLabels: Record<LobbyPolicy, string> = {
  off: 'Nobody waits',
  guests: 'Guests wait for a moderator',
  everyone: 'Everyone waits for a moderator',
};

export interface RoomFormValues {
  name: string;
  guests: GuestPolicy;
  accessCode?: string;
  lobby: LobbyPolicy;
  joinMutedAbove: number;
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
  const [moderators, setModerators] = useState(props.room?.moderators?.join(', ') ?? '');
  const [recordingAllowed, setRecordingAllowed] = useState(props.room?.recording?.allowed ?? true);
  const [keepDays, setKeepDays] = useState(props.room?.recording?.maxAgeDays?.toString() ?? '');
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const emails = moderators.split(/[\s,;]+/).filter(Boolean);
      const recording = { allowed: recordingAllowed, maxAgeDays: keepDays ? Number(keepDays) : null };
      await props.onSubmit({ name, guests, lobby, joinMutedAbove, moderators: emails, recording, ...(guests === 'code' ? { accessCode } : {}) });
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
      <Field label="Name" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <Choice label="Guests" value={guests} labels={guestPolicyLabels} onChange={setGuests} />
      {guests === 'code' && (
        <Field
          label="Access code"
          required
          pattern="[0-9A-Za-z]{4,16}"
          hint="4 to 16 letters or digits. Share it with your guests."
          value={accessCode}
          onInput={(e) => setAccessCode(e.currentTarget.value)}
        />
      )}
      <Choice label="Lobby" value={lobby} labels={lobbyLabels} onChange={setLobby} />
      <Field
        label="Newcomers join muted from"
        type="number"
        min={0}
        max={500}
        hint="people already in the meeting (0: always muted)."
        value={joinMutedAbove}
        onInput={(e) => setJoinMutedAbove(Number(e.currentTarget.value))}
      />
      <Field
        label="Moderators"
        hint="Emails of members who moderate with you, comma-separated."
        value={moderators}
        onInput={(e) => setModerators(e.currentTarget.value)}
      />
      <fieldset class="group">
        <legend>Recording</legend>
        <label class="check">
          <input type="checkbox" checked={recordingAllowed} onChange={(e) => setRecordingAllowed(e.currentTarget.checked)} />
          Moderators may record this room's meetings
        </label>
        <Field
          label="Delete recordings after (days)"
          type="number"
          min={1}
          max={36500}
          hint="Empty: keep them until deleted (or as long as the server allows)."
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
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function Choice<T extends string>(props: { label: string; value: T; labels: Record<T, string>; onChange: (value: T) => void }) {
  return (
    <Select label={props.label} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
      {(Object.entries(props.labels) as [T, string][]).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </Select>
  );
}
