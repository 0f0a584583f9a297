import type { FastifyReply } from 'fastify';
import type { AppError, ErrorCode } from '../../../shared/result';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  invalid_transition: 409,
  rate_limited: 429,
  unavailable: 502,
  internal: 500,
};

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  return reply.code(STATUS_BY_CODE[error.code]).send({ ok: false, error });
}
