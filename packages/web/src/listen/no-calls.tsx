import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { LanguagePicker } from '../i18n/picker.tsx';
import type { MeetingSession } from '../meeting/session.ts';
import { Alert, Field } from '../ui/field.tsx';

const NAME_KEY = 'moot.name';

/** The room's door in a browser without WebRTC: it says so plainly and offers to listen and chat. */
export function NoCalls(props: { session: MeetingSession }) {
  const { session } = props;
  const { entry } = session;
  const isGuest = entry.as === 'guest' && !session.ticket;
  const needsCode = entry.needsAccessCode && !session.ticket;
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  const [accessCode, setAccessCode] = useState('');
  const joining = session.phase.value === 'joining';

  const listen = (event: Event) => {
    event.preventDefault();
    if (isGuest) localStorage.setItem(NAME_KEY, name.trim());
    void session.join({
      listenOnly: true,
      ...(isGuest ? { name: name.trim() } : {}),
      ...(needsCode ? { accessCode: accessCode.trim() } : {}),
    });
  };

  return (
    <main class="form-page">
      <form class="card" onSubmit={listen}>
        <h1>{entry.room.name}</h1>
        <p role="note">{t('listen.noCalls')}</p>
        <p class="muted">{t('listen.offer')}</p>
        {isGuest && <Field label={t('field.yourName')} required maxLength={80} autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        {needsCode && <Field label={t('roomForm.accessCode')} required autocomplete="off" value={accessCode} onInput={(e) => setAccessCode(e.currentTarget.value)} />}
        <Alert message={session.joinError.value} />
        <button class="primary big" type="submit" disabled={joining}>
          {joining ? t('prejoin.joining') : t('listen.start')}
        </button>
        <LanguagePicker />
      </form>
    </main>
  );
}
