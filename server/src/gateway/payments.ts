import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { manualWriteOffSchema } from '../../../shared/payments';
import { err } from '../../../shared/result';
import { describeZodError } from '../../../shared/schemas';
import type { PaymentService } from '../payments/payment-service';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

const integrationSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'id: 2–40 lower-case letters, digits or dashes'),
  name: z.string().trim().min(1).max(100),
  callbackUrl: z.url({ protocol: /^https?$/ }).max(500).nullable().default(null),
});

const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** The payment webhook (signed, no session) and the admin's integrations. */
export async function paymentRoutes(app: FastifyInstance, deps: RouteContext & { payments: PaymentService }): Promise<void> {
  // The signature covers the exact bytes sent: keep the raw body (this plugin only).
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));

  app.post('/api/v1/payments', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const result = await deps.payments.webhook(
      { integration: header(request, 'x-quita-integration'), timestamp: header(request, 'x-quita-timestamp'), signature: header(request, 'x-quita-signature') },
      Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    );
    if (!result.ok) return sendError(reply, result.error);
    return result;
  });

  // The PSP's Pix webhook: the URL registered at the PSP is <server>/api/v1/pix/<QUITA_PIX_WEBHOOK_TOKEN>; it appends /pix.
  app.post('/api/v1/pix/:token/pix', { bodyLimit: 256 * 1024 }, async (request, reply) => {
    const result = await deps.payments.pixWebhook((request.params as { token: string }).token, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
    if (!result.ok) return sendError(reply, result.error);
    if (result.data.unknown.length) {
      const reasons = [...new Set(result.data.unknown.map((u) => u.reason))].join('; ');
      return reply.code(422).send({ ok: false, error: { code: 'unprocessable', message: `${reasons}; kept for reconciliation` }, data: result.data });
    }
    return result;
  });

  app.post('/api/admin/integrations', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    let body: unknown;
    try {
      body = JSON.parse((request.body as Buffer).toString('utf8'));
    } catch {
      return sendError(reply, err('bad_request', 'body: not valid JSON').error);
    }
    const parsed = integrationSchema.safeParse(body);
    if (!parsed.success) return sendError(reply, err('bad_request', describeZodError(parsed.error)).error);
    const secret = randomBytes(32).toString('base64url');
    const created = await deps.store.payments.createIntegration({ ...parsed.data, secret }, deps.clock.now());
    if (!created.ok) return sendError(reply, created.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'integration.create', detail: { id: parsed.data.id } });
    // the secret is shown this once
    return reply.code(201).send(created);
  });

  app.get('/api/admin/outbox', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    const status = (request.query as { status?: string }).status ?? 'dead';
    if (status !== 'dead' && status !== 'pending' && status !== 'delivered') return sendError(reply, err('bad_request', 'status: dead, pending or delivered').error);
    const list = await deps.store.outbox.list(status, 200);
    // the secret never leaves the server
    return { ok: true, data: list.map(({ secret: _secret, ...m }) => m) };
  });

  app.post('/api/admin/outbox/:id/retry', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || !(await deps.store.outbox.retry(id, deps.clock.now()))) return sendError(reply, err('not_found', 'No such dead letter').error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'outbox.retry', detail: { id } });
    return { ok: true, data: null };
  });
}

/** Supervisors' manual write-off and payoff files (session + permission; audited). */
export async function writeOffRoutes(app: FastifyInstance, deps: RouteContext & { payments: PaymentService }): Promise<void> {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post('/api/payments/write-off', { preHandler: deps.require('payments:writeoff') }, async (request, reply) => {
    const body = manualWriteOffSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const userId = deps.userIdOf(request);
    const result = await deps.payments.writeOff(body.data, userId);
    if (!result.ok) return sendError(reply, result.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId, action: 'payment.write_off', detail: { paymentId: result.data.paymentId, debtorId: result.data.debtorId, amountCents: body.data.amountCents, reason: body.data.reason } });
    return result;
  });

  app.get('/api/payments/bureau-removals', { preHandler: deps.require('payments:writeoff') }, async () => ({ ok: true, data: await deps.store.payments.pendingBureauRemovals(500) }));

  app.post('/api/payments/:id/bureau-removed', { preHandler: deps.require('payments:writeoff') }, async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    const userId = deps.userIdOf(request);
    if (!Number.isInteger(id) || !(await deps.store.payments.markBureauRemoved(id, userId, deps.clock.now()))) {
      return sendError(reply, err('not_found', 'No pending bureau removal for this payment').error);
    }
    await deps.store.audit.record({ at: deps.clock.now(), userId, action: 'payment.bureau_removed', detail: { paymentId: id } });
    return { ok: true, data: null };
  });

  app.post('/api/payments/payoff', { preHandler: deps.require('payments:writeoff'), bodyLimit: 20 * 1024 * 1024 }, async (request, reply) => {
    if (typeof request.body !== 'string') return sendError(reply, err('bad_request', 'send the file as text/csv').error);
    const userId = deps.userIdOf(request);
    const result = await deps.payments.payoffFile(request.body, userId);
    await deps.store.audit.record({ at: deps.clock.now(), userId, action: 'payment.payoff_file', detail: { applied: result.applied, duplicates: result.duplicates, rejected: result.errors.length } });
    return { ok: true, data: result };
  });
}
