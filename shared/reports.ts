import { z } from 'zod';

/** A report's period, Brasília dates, both included. */
export const reportQuerySchema = z
  .object({ from: z.iso.date(), to: z.iso.date(), format: z.enum(['json', 'csv']).default('json') })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'at most a year', path: ['to'] });
