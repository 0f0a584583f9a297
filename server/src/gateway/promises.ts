import type { FastifyInstance } from 'fastify';
import type { DebtorId } from '../../../shared/ids';
import { err } from '../../../shared/result';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

/** A debtor's promises to pay (open, kept, broken) for the screen pop; an agent only sees the debtor they hold. */
export async function promiseRoutes(app: FastifyInstance, deps: RouteContext): Promise<void> {
  app.get('/api/debtors/:id/promises', { preHandler: deps.require('negotiation:offer') }, async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || id <= 0) return sendError(reply, err('not_found', 'No such debtor').error);
    const user = request.session!.user;
    // LGPD: an agent sees only the debtor on their screen
    if (user.role === 'agent' && !deps.dialer.leasesOf(user.id).some((l) => l.debtor.id === id)) return sendError(reply, err('forbidden', 'This debtor is not in your service now').error);
    return { ok: true, data: await deps.dialer.promisesOf(id as DebtorId) };
  });
}
