import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { err } from '../../../shared/result';
import { describeZodError } from '../../../shared/schemas';
import { parseCallerIdCsv } from '../domain/dialer/caller-id-csv';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

const patchSchema = z.object({ active: z.boolean().optional(), fallback: z.boolean().optional(), dailyCap: z.number().int().min(1).max(100_000).optional() });

/** The caller-ID pool (admins): list with today's figures, CSV import (all or nothing), changes; all audited. */
export async function callerIdRoutes(app: FastifyInstance, deps: RouteContext): Promise<void> {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  const guard = { preHandler: deps.require('admin:manage') };

  app.get('/api/admin/caller-ids', guard, async () => {
    const rows = await deps.store.dialer.listCallerIds();
    return { ok: true, data: rows.map((r) => ({ ...r, today: deps.dialer.callerIdStats(r.e164) })) };
  });

  app.post('/api/admin/caller-ids/import', { ...guard, bodyLimit: 5 * 1024 * 1024 }, async (request, reply) => {
    if (typeof request.body !== 'string') return sendError(reply, err('bad_request', 'send the file as text/csv').error);
    const { rows, errors } = parseCallerIdCsv(request.body);
    // a pool file is small and is fixed and sent again whole: any bad line refuses the file, naming each one
    if (errors.length) return reply.code(400).send({ ok: false, error: { code: 'bad_request', message: `${errors.length} linha(s) com erro; nada foi gravado` }, lines: errors });
    const result = await deps.store.dialer.upsertCallerIds(rows);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'caller_ids.import', detail: result });
    await deps.dialer.reloadCallerIds();
    return { ok: true, data: result };
  });

  app.patch('/api/admin/caller-ids/:e164', guard, async (request, reply) => {
    const body = patchSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const e164 = (request.params as { e164: string }).e164;
    const updated = await deps.store.dialer.updateCallerId(e164, body.data);
    if (!updated) return sendError(reply, err('not_found', 'No such number in the pool').error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'caller_ids.update', detail: { e164, ...body.data } });
    await deps.dialer.reloadCallerIds();
    return { ok: true, data: updated };
  });
}
