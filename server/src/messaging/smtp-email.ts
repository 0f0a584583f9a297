import nodemailer from 'nodemailer';
import { err, ok } from '../../../shared/result';
import type { EmailSender } from '../ports/messaging';

/** E-mail through any SMTP server (QUITA_SMTP_URL, e.g. smtp://user:pass@mail.example:587). */
export function smtpEmailSender(url: string, from: string): EmailSender {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ from, ...mail });
        return ok({ messageId: String(info.messageId) });
      } catch (e) {
        return err('internal', `e-mail not sent: ${(e as Error).message}`);
      }
    },
  };
}
