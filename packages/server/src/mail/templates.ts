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

export interface MailText {
  subject: string;
  text: string;
}

interface Templates {
  reset(input: ResetMailInput): MailText;
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
  },
};

/** The templates of `language`, falling back to English for a language moot does not have. */
export function mailTemplates(language: string): Templates {
  return templates[language] ?? templates[language.split('-')[0]!] ?? templates.en!;
}
