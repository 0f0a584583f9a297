import pino, { type Logger } from 'pino';

export type { Logger };

/** Keys that may carry personal data or secrets: never written in clear (LGPD). */
export const REDACTED_PATHS = [
  'password',
  'token',
  'cpf',
  'cnpj',
  'document',
  'phone',
  'e164',
  '*.password',
  '*.token',
  '*.cpf',
  '*.cnpj',
  '*.document',
  '*.phone',
  '*.e164',
  'req.headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'quita' }, redact: { paths: REDACTED_PATHS, censor: '[masked]' } }, destination);
}
