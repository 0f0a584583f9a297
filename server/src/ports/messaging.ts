import type { Result } from '../../../shared/result';

/** Sending collection documents to the debtor. Adapters: SMTP for e-mail, an HTTP provider for SMS/WhatsApp. */
export interface EmailSender {
  send(mail: { to: string; subject: string; text: string; html: string; attachments: { filename: string; content: string; contentType: string }[] }): Promise<Result<{ messageId: string }>>;
}

export interface TextSender {
  send(message: { channel: 'sms' | 'whatsapp'; to: string; text: string }): Promise<Result<{ providerId: string }>>;
}
