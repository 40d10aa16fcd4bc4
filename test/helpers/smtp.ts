import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './ports.ts';
import { waitFor } from './wait.ts';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server (the smtp-server package) on a free loopback port that keeps every mail. */
export interface MailSink {
  url: string;
  mails: ReceivedMail[];
  /** Waits for a mail to `to` beyond the first `after` ones sent to that address. */
  next(to: string, after?: number): Promise<ReceivedMail>;
  to(address: string): ReceivedMail[];
  stop(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject: parsed.subject ?? '', text: parsed.text ?? '' });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const to = (address: string) => mails.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to,
    next: (address, after = 0) => waitFor(() => to(address)[after], { timeoutMs: 15_000, message: `mail number ${after + 1} to ${address}` }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The reset link in a mail. */
export function resetLink(mail: ReceivedMail): string {
  const match = /https?:\/\/\S+\/password-reset\/new#[A-Za-z0-9_-]+/.exec(mail.text);
  if (!match) throw new Error(`no reset link in: ${mail.text}`);
  return match[0];
}
