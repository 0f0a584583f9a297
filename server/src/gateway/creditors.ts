import type { FastifyInstance, FastifyRequest } from 'fastify';
import { creditorCreateSchema, creditorPatchSchema, portfolioCreateSchema } from '../../../shared/creditors';
import { err } from '../../../shared/result';
import { describeZodError } from '../../../shared/schemas';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

const idParam = (request: FastifyRequest): number | null => {
  const id = Number((request.params as { id?: string }).id);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** Creditors and their portfolios (admins). Every change is audited. */
export async function creditorRoutes(app: FastifyInstance, deps: RouteContext): Promise<void> {
  const admin = { preHandler: deps.require('admin:manage') };
  const audit = (request: FastifyRequest, action: string, detail: Record<string, unknown>) => deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action, detail });

  app.get('/api/admin/creditors', admin, async () => ({ ok: true, data: await deps.store.creditors.list() }));

  app.post('/api/admin/creditors', admin, async (request, reply) => {
    const body = creditorCreateSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const r = await deps.store.creditors.create(body.data);
    if (!r.ok) return sendError(reply, r.error);
    await audit(request, 'creditor.create', { creditorId: r.data.id, name: r.data.name, cnpj: r.data.cnpj, address: r.data.address });
    return reply.code(201).send(r);
  });

  app.patch('/api/admin/creditors/:id', admin, async (request, reply) => {
    const id = idParam(request);
    if (id === null) return sendError(reply, err('not_found', 'No such creditor').error);
    const body = creditorPatchSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const before = (await deps.store.creditors.list()).find((c) => c.id === id);
    const r = await deps.store.creditors.update(id, body.data);
    if (!r.ok) return sendError(reply, r.error);
    await audit(request, 'creditor.update', { creditorId: id, before: before && { name: before.name, address: before.address }, after: body.data });
    return r;
  });

  /** Every portfolio with its creditor's name (the campaign editor's and the policies' pickers). */
  app.get('/api/admin/portfolios', admin, async () => ({ ok: true, data: await deps.store.dialer.listPortfolios() }));

  app.post('/api/admin/portfolios', admin, async (request, reply) => {
    const body = portfolioCreateSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const r = await deps.store.creditors.createPortfolio(body.data, deps.clock.now());
    if (!r.ok) return sendError(reply, r.error);
    await audit(request, 'portfolio.create', { portfolioId: r.data.id, creditorId: r.data.creditorId, name: r.data.name });
    return reply.code(201).send(r);
  });
}
