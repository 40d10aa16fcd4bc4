import type { DeckView } from '@moot/protocol';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { formatNumber, t } from '../i18n/index.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { Icon } from '../ui/icons.tsx';
import { deleteDeck, listDecks, uploadDeck } from './api.ts';

const failure = (error: unknown) => (error instanceof ApiError ? error.message : t('slides.loadFailed'));

/**
 * A presenter's presentations: the room keeps them for its next meetings too. Upload, show to
 * everyone, delete; moderators also choose who else presents.
 */
export function DeckManager(props: { session: MeetingSession; onClose: () => void }) {
  const { session } = props;
  const key = session.slides.key.value;
  const roomId = session.entry.room.id;
  const [decks, setDecks] = useState<DeckView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = async () => {
    if (!key) return;
    try {
      setDecks(await listDecks(roomId, key));
    } catch (error) {
      setProblem(failure(error));
    }
  };
  useEffect(() => void refresh(), [key]);

  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file || !key) return;
    setBusy(true);
    setProblem(null);
    try {
      const deck = await uploadDeck(roomId, key, file);
      await refresh();
      session.command({ type: 'slidesShow', deckId: deck.id });
    } catch (error) {
      setProblem(failure(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (deck: DeckView) => {
    if (!key) return;
    try {
      await deleteDeck(roomId, key, deck.id);
      await refresh();
    } catch (error) {
      setProblem(failure(error));
    }
  };

  return (
    <div class="slides-manager" role="dialog" aria-labelledby="slides-manager-heading">
      <header>
        <h2 id="slides-manager-heading">{t('slides.manage')}</h2>
        <button type="button" class="close" aria-label={t('action.close')} onClick={props.onClose}>
          <Icon name="close" />
        </button>
      </header>
      <label class="slides-upload">
        {busy ? t('slides.uploading') : t('slides.upload')}
        <input type="file" accept="application/pdf,.pdf,.odp,.pptx" disabled={busy} onChange={(event) => void upload(event.currentTarget)} />
      </label>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {decks && decks.length === 0 && <p>{t('slides.none')}</p>}
      {decks && decks.length > 0 && (
        <ul class="slides-decks">
          {decks.map((deck) => (
            <li key={deck.id}>
              <span class="slides-deck-name">{deck.name}</span>
              <span class="slides-deck-pages">{t('slides.pageCount', { pages: formatNumber(deck.pages) })}</span>
              <button type="button" aria-label={t('slides.showNamed', { name: deck.name })} onClick={() => session.command({ type: 'slidesShow', deckId: deck.id })}>
                {t('slides.show')}
              </button>
              <button type="button" aria-label={t('slides.deleteNamed', { name: deck.name })} onClick={() => void remove(deck)}>
                {t('action.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {session.roster.self.value?.role === 'moderator' && <Presenters session={session} />}
    </div>
  );
}

/** Moderators choose who else may show slides (phone callers cannot). */
function Presenters(props: { session: MeetingSession }) {
  const { session } = props;
  const others = session.roster.ordered.value.filter((p) => p.id !== session.roster.selfId.value && p.role !== 'moderator' && !p.phone);
  if (others.length === 0) return null;
  return (
    <section class="slides-presenters" aria-labelledby="slides-presenters-heading">
      <h3 id="slides-presenters-heading">{t('slides.presenters')}</h3>
      <ul>
        {others.map((person) => (
          <li key={person.id}>
            <span id={`presenter-name-${person.id}`}>{person.name}</span>
            {/* Named by its own words and the person's, so speech input can use the words it shows. */}
            <button
              type="button"
              id={`presenter-toggle-${person.id}`}
              aria-pressed={person.presenter}
              aria-labelledby={`presenter-toggle-${person.id} presenter-name-${person.id}`}
              onClick={() => session.command({ type: 'setPresenter', target: person.id, presenter: !person.presenter })}
            >
              {person.presenter ? t('slides.stopPresenter') : t('slides.makePresenter')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
