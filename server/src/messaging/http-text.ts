import { err, ok } from '../../../shared/result';
import type { TextSender } from '../ports/messaging';

/**
 * SMS and WhatsApp through a provider's HTTP API (QUITA_SMS_URL, bearer QUITA_SMS_TOKEN): POST
 * { channel, to, text } as JSON; the provider answers { id }. Any 2xx is accepted; the rest is an error.
 */
export function httpTextSender(url: string, token: string): TextSender {
  return {
    async send(message) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json().catch(() => ({}))) as { id?: unknown };
        return response.ok ? ok({ providerId: String(body.id ?? '') }) : err('internal', `message not sent: HTTP ${response.status}`);
      } catch (e) {
        return err('internal', `message not sent: ${(e as Error).message}`);
      }
    },
  };
}
