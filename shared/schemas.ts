import { z } from 'zod';
import { PAUSE_REASONS } from './agent-state';
import { CANONICAL_FIELDS, IMPORT_MODES } from './mailing';
import { ROLES } from './roles';

/** Edge validation: every REST body and socket payload is parsed with one of these. */

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, 'username is required').max(64, 'username is too long'),
  password: z.string().min(1, 'password is required').max(256, 'password is too long'),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** Changing one's own password: the current one proves it is the owner, not someone at an unlocked screen. */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'currentPassword is required').max(256, 'currentPassword is too long'),
    newPassword: z.string().min(12, 'newPassword: at least 12 characters').max(256, 'newPassword is too long'),
  })
  .refine((b) => b.newPassword !== b.currentPassword, { message: 'must differ from the current password', path: ['newPassword'] });
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

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

export const layoutMappingSchema = z.object({
  fields: z.partialRecord(z.enum(CANONICAL_FIELDS), z.string().min(1).max(200)),
  phones: z.array(z.string().min(1).max(200)).max(10),
});

const DELIMITERS = { auto: 'auto', semicolon: ';', comma: ',', tab: '\t' } as const;

/** Query of POST /api/imports (the body is the file itself). */
export const importQuerySchema = z.object({
  campaignId: z.coerce.number().int().positive(),
  mode: z.enum(IMPORT_MODES),
  fileName: z.string().trim().min(1).max(255),
  encoding: z.enum(['auto', 'utf-8', 'windows-1252']).default('auto'),
  delimiter: z.enum(['auto', 'semicolon', 'comma', 'tab']).default('auto').transform((d) => DELIMITERS[d]),
  layout: z.string().trim().min(1).max(100).optional(),
  saveLayoutAs: z.string().trim().min(1).max(100).optional(),
  confirmDuplicate: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      try {
        const parsed = layoutMappingSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
        ctx.addIssue({ code: 'custom', message: `invalid mapping: ${describeZodError(parsed.error)}` });
      } catch {
        ctx.addIssue({ code: 'custom', message: 'mapping must be JSON' });
      }
      return z.NEVER;
    }),
});

export const previewQuerySchema = importQuerySchema.pick({ encoding: true, delimiter: true });
