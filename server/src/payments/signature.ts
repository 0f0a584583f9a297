import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, both ways: HMAC-SHA256 over "<unix seconds>.<raw body>" with the integration's
 * secret, sent as `X-Quita-Signature: sha256=<hex>` beside `X-Quita-Timestamp`. The timestamp window stops
 * a captured request from being replayed later; the payment id makes a replay inside it harmless.
 */
export const SIGNATURE_WINDOW_SECONDS = 300;

export function signPayload(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySignature(input: { secret: string; timestamp: string | undefined; signature: string | undefined; rawBody: Buffer; nowMs: number }): SignatureCheck {
  if (!input.timestamp || !/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'X-Quita-Timestamp is missing or not unix seconds' };
  if (!input.signature) return { ok: false, reason: 'X-Quita-Signature is missing' };
  const ts = Number(input.timestamp);
  if (Math.abs(input.nowMs / 1000 - ts) > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: `X-Quita-Timestamp is more than ${SIGNATURE_WINDOW_SECONDS} s away from the server's clock` };
  const expected = Buffer.from(signPayload(input.secret, ts, input.rawBody));
  const given = Buffer.from(input.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'X-Quita-Signature does not match the body' };
  return { ok: true };
}
