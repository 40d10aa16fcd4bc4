/**
 * Times as the person reads them: in their browser's language and time zone, one format on
 * every page. The server sends ISO 8601 (UTC); nothing else should be shown.
 */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** The machine-readable value for a <time datetime=…> beside the text. */
export function TimeText(props: { iso: string; dateOnly?: boolean }) {
  return <time dateTime={props.iso}>{props.dateOnly ? formatDate(props.iso) : formatDateTime(props.iso)}</time>;
}
