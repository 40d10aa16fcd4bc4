/**
 * Every mail moot sends, per language. Plain text only: it reads the same in every client and
 * carries nothing a filter would strip. Add a language by adding a key with the same functions.
 */

export interface ResetMailInput {
  name: string;
  link: string;
  minutes: number;
  serverUrl: string;
}

export interface InvitationMailInput {
  name: string;
  link: string;
  days: number;
  serverUrl: string;
}

export interface MailText {
  subject: string;
  text: string;
}

interface Templates {
  reset(input: ResetMailInput): MailText;
  invitation(input: InvitationMailInput): MailText;
}

const templates: Record<string, Templates> = {
  en: {
    reset: ({ name, link, minutes, serverUrl }) => ({
      subject: 'Set your moot password',
      text: [
        `Hello ${name},`,
        '',
        `Someone (hopefully you) asked to set a new password for your account on ${serverUrl}.`,
        'Open this link to choose it:',
        '',
        link,
        '',
        `The link works once and expires in ${minutes} minutes.`,
        'If you did not ask for it, ignore this mail: your password stays as it is.',
      ].join('\n'),
    }),
    invitation: ({ name, link, days, serverUrl }) => ({
      subject: 'Your moot account is ready',
      text: [
        `Hello ${name},`,
        '',
        `An account on moot, the video-meeting service at ${serverUrl}, was made for you.`,
        'Open this link to choose your password and sign in:',
        '',
        link,
        '',
        `The link works once and expires in ${days} days. After that, use "Forgot your password?" on the sign-in page.`,
      ].join('\n'),
    }),
  },
  de: {
    reset: ({ name, link, minutes, serverUrl }) => ({
      subject: 'Ihr moot-Passwort festlegen',
      text: [
        `Hallo ${name},`,
        '',
        `jemand (hoffentlich Sie) hat ein neues Passwort für Ihr Konto auf ${serverUrl} angefordert.`,
        'Öffnen Sie diesen Link, um es zu wählen:',
        '',
        link,
        '',
        `Der Link funktioniert einmal und läuft in ${minutes} Minuten ab.`,
        'Falls Sie das nicht angefordert haben, ignorieren Sie diese Mail: Ihr Passwort bleibt unverändert.',
      ].join('\n'),
    }),
    invitation: ({ name, link, days, serverUrl }) => ({
      subject: 'Ihr moot-Konto ist bereit',
      text: [
        `Hallo ${name},`,
        '',
        `für Sie wurde ein Konto bei moot, dem Videokonferenzdienst unter ${serverUrl}, angelegt.`,
        'Öffnen Sie diesen Link, um Ihr Passwort zu wählen und sich anzumelden:',
        '',
        link,
        '',
        `Der Link funktioniert einmal und läuft in ${days} Tagen ab. Danach hilft „Passwort vergessen?“ auf der Anmeldeseite.`,
      ].join('\n'),
    }),
  },
};

/** The templates of `language`, falling back to English for a language moot does not have. */
export function mailTemplates(language: string): Templates {
  return templates[language] ?? templates[language.split('-')[0]!] ?? templates.en!;
}
