/** Every command across a boundary (REST, socket.io ack, IPC) answers with a Result, never a throw. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** Well-formed, but names something this system does not know (an unknown debtor in a payment). */
  | 'unprocessable'
  | 'too_large'
  | 'rate_limited'
  | 'invalid_transition'
  /** A service Quita depends on (the payment provider) failed or did not answer. */
  | 'unavailable'
  | 'internal';

export interface AppError {
  code: ErrorCode;
  /** Human-readable, safe to show: never contains stack traces or personal data. */
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const err = (code: ErrorCode, message: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message },
});

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
