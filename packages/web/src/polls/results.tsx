import type { PollResults, PollView } from '@moot/protocol';
import { formatNumber, t } from '../i18n/index.ts';
import './card.css';

type Question = Pick<PollView, 'kind' | 'options'>;

/** The option's label: yes/no polls read in the person's language. */
export function optionLabel(poll: Question, index: number): string {
  if (poll.kind === 'yesno') return index === 0 ? t('poll.yes') : t('poll.no');
  return poll.options[index] ?? '';
}

/** A poll's answers per option, with who chose it in a named poll: live for moderators, or as published. */
export function Results({ poll, results, live }: { poll: Question; results: PollResults; live: boolean }) {
  const { counts, voters, names } = results;
  return (
    <div class="poll-results" aria-live={live ? 'polite' : undefined}>
      <h3>{live ? t('poll.liveResults') : t('poll.results')}</h3>
      <p>{t('poll.voters', { count: formatNumber(voters) })}</p>
      <ul aria-label={t('poll.results')}>
        {poll.options.map((_, index) => {
          const count = counts[index] ?? 0;
          const share = voters > 0 ? Math.round((count / voters) * 100) : 0;
          return (
            <li key={index} data-option={index}>
              <span class="poll-option">{optionLabel(poll, index)}</span>
              <span class="poll-count">{formatNumber(count)}</span>
              <span class="poll-bar" aria-hidden="true">
                <span style={{ width: `${share}%` }} />
              </span>
              {names && (names[index]?.length ?? 0) > 0 && <span class="poll-names">{names[index]?.join(', ')}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
