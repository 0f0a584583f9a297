import { z } from 'zod';
import { PAUSE_REASONS } from './agent-state';
import { ROLES } from './roles';

/** Edge validation: every REST body and socket payload is parsed with one of these. */

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, 'username is required').max(64, 'username is too long'),
  password: z.string().min(1, 'password is required').max(256, 'password is too long'),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const roleSchema = z.enum(ROLES);

export const agentStateRequestSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('available') }),
  z.object({ state: z.literal('paused'), reason: z.enum(PAUSE_REASONS) }),
]);
export type AgentStateRequest = z.infer<typeof agentStateRequestSchema>;

export const debtorListQuerySchema = z.object({
  search: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DebtorListQuery = z.infer<typeof debtorListQuerySchema>;

/** "field: message" for the first issues, so a rejection names what is wrong. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}
