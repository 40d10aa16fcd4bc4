import { useEffect, useState } from 'preact/hooks';
import { formatNumber, t } from '../i18n/index.ts';
import type { StageState } from './state.ts';
import './timer.css';

/** m:ss in the page's digits. */
function clock(seconds: number): string {
  const s = Math.abs(seconds);
  const rest = formatNumber(s % 60);
  return `${formatNumber(Math.floor(s / 60))}:${s % 60 < 10 ? formatNumber(0) : ''}${rest}`;
}

/** The talk under way and its time left, for everyone (phones too): a warning near the end, then "Time is up". */
export function StageTimer({ stage }: { stage: StageState }) {
  const [now, setNow] = useState(() => performance.now());
  const view = stage.view.value;
  const current = view?.current ?? null;
  useEffect(() => {
    if (!current) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [current]);
  if (!view || !current) return null;
  const left = stage.secondsLeft(now) ?? 0;
  const state = left <= 0 ? 'up' : left <= view.warnSeconds ? 'warn' : 'running';
  return (
    <p class={`stage-timer ${state}`} role="timer" aria-label={t('stage.timerLabel', { title: current.title, name: current.name })}>
      <span class="stage-talk">{t('stage.talkBy', { title: current.title, name: current.name })}</span>
      <span class="stage-time">{state === 'up' ? t('stage.timeUp') : clock(left)}</span>
      {state === 'warn' && <span class="visually-hidden">{t('stage.lastMinute')}</span>}
    </p>
  );
}
