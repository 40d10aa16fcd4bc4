import { currentLanguage } from '../i18n/index.ts';

/**
 * Times as the person reads them: in the language they chose and their browser's time zone, one
 * format on every page. The server sends ISO 8601 (UTC); nothing else should be shown.
 */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium' }).format(new Date(iso));
}

/** The machine-readable value for a <time datetime=…> beside the text. */
export function TimeText(props: { iso: string; dateOnly?: boolean }) {
  return <time dateTime={props.iso}>{props.dateOnly ? formatDate(props.iso) : formatDateTime(props.iso)}</time>;
}
