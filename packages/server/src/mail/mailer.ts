import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { MailText } from './templates.ts';

export interface Mailer {
  /** False without an SMTP server: nothing can be mailed, and the people who need a link are told another way. */
  readonly configured: boolean;
  send(to: string, mail: MailText): Promise<void>;
}

/**
 * Sends through the configured SMTP server. Without one, nothing is sent and the log says so
 * (never the mail's content: a reset link is a secret).
 */
export function createMailer(smtp: Config['smtp'], log: Logger): Mailer {
  const transport: Transporter | undefined = smtp.url ? createTransport(smtp.url) : undefined;
  return {
    configured: Boolean(transport),
    async send(to, mail) {
      if (!transport) {
        log.warn({ subject: mail.subject }, 'no SMTP server configured (MOOT_SMTP_URL): mail not sent');
        return;
      }
      await transport.sendMail({ from: smtp.from, to, subject: mail.subject, text: mail.text });
    },
  };
}
