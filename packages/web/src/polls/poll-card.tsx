import { useState } from 'preact/hooks';
import type { PollKind, PollView } from '@moot/protocol';
import { MAX_POLL_OPTION, MAX_POLL_OPTIONS, MAX_POLL_QUESTION } from '@moot/protocol/plain';
import { t } from '../i18n/index.ts';
import { Icon } from '../ui/icons.tsx';
import type { MeetingSession } from '../meeting/session.ts';
import { optionLabel, Results } from './results.tsx';
import './card.css';

interface Props {
  session: MeetingSession;
  onClose: () => void;
}

/**
 * The meeting's poll: moderators ask and watch the answers come in, then close it and publish
 * the result; everyone answers (and may change the answer until it closes) and sees the result.
 */
export function PollCard({ session, onClose }: Props) {
  const poll = session.polls.poll.value;
  const moderator = session.roster.self.value?.role === 'moderator';
  const [asking, setAsking] = useState(false);
  const close = () => {
    session.polls.dismiss();
    onClose();
  };
  const compose = moderator && (asking || !poll);
  return (
    <section class="classroom-card poll-card" aria-labelledby="poll-heading">
      <header>
        <h2 id="poll-heading">{t('poll.title')}</h2>
        <button type="button" class="close" aria-label={t('action.close')} onClick={close}>
          <Icon name="close" />
        </button>
      </header>
      {compose ? (
        <PollForm session={session} onAsked={() => setAsking(false)} />
      ) : poll ? (
        <>
          <p class="poll-question">{poll.question}</p>
          <p class="poll-by">{t(poll.anonymous ? 'poll.askedAnonymous' : 'poll.askedNamed', { name: poll.by })}</p>
          {!poll.closed && <Ballot key={poll.id} session={session} poll={poll} />}
          {poll.closed && !poll.results && <p role="status">{t('poll.closedWaiting')}</p>}
          {poll.results && <Results poll={poll} results={poll.results} live={!poll.published} />}
          {moderator && <ModeratorActions session={session} poll={poll} onNew={() => setAsking(true)} />}
        </>
      ) : null}
    </section>
  );
}

function PollForm({ session, onAsked }: { session: MeetingSession; onAsked: () => void }) {
  const [question, setQuestion] = useState('');
  const [kind, setKind] = useState<PollKind>('single');
  const [answers, setAnswers] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const options = answers
    .split('\n')
    .map((line) => line.trim().slice(0, MAX_POLL_OPTION))
    .filter(Boolean)
    .slice(0, MAX_POLL_OPTIONS);
  const ready = question.trim() !== '' && (kind === 'yesno' || options.length >= 2);
  const ask = (event: Event) => {
    event.preventDefault();
    if (!ready) return;
    session.command({ type: 'pollCreate', question: question.trim(), kind, options: kind === 'yesno' ? [] : options, anonymous });
    onAsked();
  };
  return (
    <form class="poll-form" onSubmit={ask}>
      <label>
        {t('poll.question')}
        <input value={question} maxLength={MAX_POLL_QUESTION} required onInput={(e) => setQuestion(e.currentTarget.value)} />
      </label>
      <label>
        {t('poll.kind')}
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value as PollKind)}>
          <option value="single">{t('poll.kindSingle')}</option>
          <option value="multiple">{t('poll.kindMultiple')}</option>
          <option value="yesno">{t('poll.kindYesNo')}</option>
        </select>
      </label>
      {kind !== 'yesno' && (
        <label>
          {t('poll.answers')}
          <textarea rows={4} value={answers} onInput={(e) => setAnswers(e.currentTarget.value)} />
        </label>
      )}
      <label class="check">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
        {t('poll.anonymous')}
      </label>
      <p class="hint">{t('poll.phoneNote')}</p>
      <button type="submit" class="primary" disabled={!ready}>
        {t('poll.ask')}
      </button>
    </form>
  );
}

function Ballot({ session, poll }: { session: MeetingSession; poll: PollView }) {
  const [chosen, setChosen] = useState<number[]>(poll.mine);
  const multiple = poll.kind === 'multiple';
  const toggle = (index: number, on: boolean) => setChosen(multiple ? (on ? [...chosen, index] : chosen.filter((c) => c !== index)) : [index]);
  const send = (event: Event) => {
    event.preventDefault();
    if (chosen.length > 0) session.command({ type: 'pollVote', pollId: poll.id, choices: chosen });
  };
  return (
    <form class="poll-ballot" onSubmit={send}>
      <fieldset>
        <legend class="visually-hidden">{poll.question}</legend>
        {poll.options.map((_, index) => (
          <label key={index} class="check">
            <input type={multiple ? 'checkbox' : 'radio'} name={`poll-${poll.id}`} checked={chosen.includes(index)} onChange={(e) => toggle(index, e.currentTarget.checked)} />
            {optionLabel(poll, index)}
          </label>
        ))}
      </fieldset>
      {poll.mine.length > 0 && <p role="status">{t('poll.answered')}</p>}
      <button type="submit" class="primary" disabled={chosen.length === 0}>
        {poll.mine.length > 0 ? t('poll.change') : t('poll.send')}
      </button>
    </form>
  );
}


function ModeratorActions({ session, poll, onNew }: { session: MeetingSession; poll: PollView; onNew: () => void }) {
  if (!poll.closed) {
    return (
      <div class="actions">
        <button type="button" class="primary" onClick={() => session.command({ type: 'pollClose', pollId: poll.id, publish: true })}>
          {t('poll.closePublish')}
        </button>
        <button type="button" onClick={() => session.command({ type: 'pollClose', pollId: poll.id, publish: false })}>
          {t('poll.closeOnly')}
        </button>
      </div>
    );
  }
  return (
    <div class="actions">
      {!poll.published && (
        <button type="button" onClick={() => session.command({ type: 'pollClose', pollId: poll.id, publish: true })}>
          {t('poll.publish')}
        </button>
      )}
      <button type="button" class="primary" onClick={onNew}>
        {t('poll.new')}
      </button>
    </div>
  );
}
