import { z } from 'zod';

/** A report's period, Brasília dates, both included; none given: the server's today. */
export const reportQuerySchema = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    format: z.enum(['json', 'csv']).default('json'),
    /** Narrow to one campaign, one team, one agent (ids). */
    campaign: z.coerce.number().int().positive().optional(),
    team: z.coerce.number().int().positive().optional(),
    agent: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'give both from and to, or neither', path: ['from'] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'at most a year', path: ['to'] });
