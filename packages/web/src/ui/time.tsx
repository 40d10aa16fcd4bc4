import { currentLanguage } from '../i18n/index.ts';

/**
 * Times as the person reads them: in the language they chose and their browser's time zone, one
 * format on every page. The server sends ISO 8601 (UTC); nothing else should be shown.
 */
const styles = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  clock: { hour: '2-digit', minute: '2-digit', hour12: false },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Formatters are slow to make: one per style and language, made when first needed. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function format(style: keyof typeof styles, iso: string): string {
  const language = currentLanguage();
  let formatter = formatters.get(`${style} ${language}`);
  if (!formatter) formatters.set(`${style} ${language}`, (formatter = new Intl.DateTimeFormat(language, styles[style])));
  return formatter.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return format('dateTime', iso);
}

export function formatDate(iso: string): string {
  return format('date', iso);
}

/** Hours and minutes only, as beside a chat message. */
export function formatClock(iso: string): string {
  return format('clock', iso);
}

/** The machine-readable value for a <time datetime=…> beside the text. */
export function TimeText(props: { iso: string; dateOnly?: boolean }) {
  return <time dateTime={props.iso}>{props.dateOnly ? formatDate(props.iso) : formatDateTime(props.iso)}</time>;
}
