import { useState } from 'preact/hooks';
import type { GuestPolicy, RoomView } from '@moot/protocol';
import { Alert, Field } from '../ui/field.tsx';
import { useAction } from '../ui/use-action.ts';

export const guestPolicyLabels: Record<GuestPolicy, string> = {
  off: 'Members only',
  link: 'Guests with the link',
  code: 'Guests with an access code',
};

export interface RoomFormValues {
  name: string;
  guests: GuestPolicy;
  accessCode?: string;
}

/** Used both to create a room and to change one; `room` is the one being changed. */
export function RoomForm(props: { room?: RoomView; submitLabel: string; onSubmit: (values: RoomFormValues) => Promise<void>; onCancel?: () => void }) {
  const [name, setName] = useState(props.room?.name ?? '');
  const [guests, setGuests] = useState<GuestPolicy>(props.room?.guests ?? 'off');
  const [accessCode, setAccessCode] = useState(props.room?.accessCode ?? '');
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await props.onSubmit({ name, guests, ...(guests === 'code' ? { accessCode } : {}) });
      if (!props.room) {
        setName('');
        setAccessCode('');
      }
    });
  };

  return (
    <form class="room-form" onSubmit={submit}>
      <Field label="Name" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <div class="field">
        <label>
          Guests
          <select value={guests} onChange={(e) => setGuests(e.currentTarget.value as GuestPolicy)}>
            {Object.entries(guestPolicyLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
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
