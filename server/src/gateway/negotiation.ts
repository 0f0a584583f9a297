import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../../../shared/roles';
import { approvalDecisionSchema, formalizeSchema, negotiationPolicySchema, offerSchema, type PortfolioPolicy } from '../../../shared/negotiation';
import { DEFAULT_POLICY } from '../domain/negotiation/policy';
import { err, type Result } from '../../../shared/result';
import { describeZodError } from '../../../shared/schemas';
import { boletoPage } from '../negotiation/boleto-page';
import type { NegotiationService, NegotiatorRole } from '../negotiation/negotiation-service';
import type { ApprovalRecord } from '../ports/negotiation';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

export interface NegotiationPush {
  /** A new request: to every supervisor's screen. */
  requested(approval: ApprovalRecord): void;
  /** Approved, countered or denied: to the agent who asked. */
  decided(approval: ApprovalRecord): void;
}


/**
 * Negotiation: the quote (balance + ready options), offer checks, approval requests and decisions, the
 * agreement, and the first installment's printable boleto. An agent only negotiates a debtor the dialer
 * gave them (a lead they hold); supervisors and admins any.
 */
export async function negotiationRoutes(app: FastifyInstance, deps: RouteContext & { negotiation: NegotiationService; push: NegotiationPush }): Promise<void> {
  const negotiator = deps.require('negotiation:offer');
  const roleOf = (request: FastifyRequest): NegotiatorRole => request.session!.user.role;
  const debtorOf = (request: FastifyRequest): Result<number> => {
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || id <= 0) return err('not_found', 'No such debtor');
    const user = request.session!.user;
    // LGPD: an agent sees only the debtor on their screen
    if (user.role === 'agent' && !deps.dialer.leasesOf(user.id).some((l) => l.debtor.id === id)) return err('forbidden', 'This debtor is not in your service now');
    return { ok: true, data: id };
  };

  /** The screen pop: fetched when the lead arrives, before the call is answered. */
  app.get('/api/debtors/:id/card', { preHandler: negotiator }, async (request, reply) => {
    const id = debtorOf(request);
    if (!id.ok) return sendError(reply, id.error);
    const today = new Date(deps.clock.now() - 3 * 3_600_000).toISOString().slice(0, 10);
    const card = await deps.store.negotiation.debtorCard(id.data, today);
    if (!card) return sendError(reply, err('not_found', 'No such debtor').error);
    // LGPD: who opened which debtor
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'debtor.open', detail: { debtorId: id.data, view: 'card' } });
    return { ok: true, data: card };
  });

  app.get('/api/debtors/:id/negotiation', { preHandler: negotiator }, async (request, reply) => {
    const id = debtorOf(request);
    if (!id.ok) return sendError(reply, id.error);
    const quote = await deps.negotiation.quote(id.data, roleOf(request));
    if (!quote.ok) return sendError(reply, quote.error);
    // LGPD: who opened which debtor's debts
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'debtor.open', detail: { debtorId: id.data, view: 'negotiation' } });
    return quote;
  });

  app.post('/api/debtors/:id/negotiation/evaluate', { preHandler: negotiator }, async (request, reply) => {
    const id = debtorOf(request);
    if (!id.ok) return sendError(reply, id.error);
    const offer = offerSchema.safeParse(request.body);
    if (!offer.success) return sendError(reply, err('bad_request', describeZodError(offer.error)).error);
    const v = await deps.negotiation.evaluate(id.data, offer.data, roleOf(request));
    return v.ok ? v : sendError(reply, v.error);
  });

  app.post('/api/debtors/:id/negotiation/approval', { preHandler: negotiator }, async (request, reply) => {
    const id = debtorOf(request);
    if (!id.ok) return sendError(reply, id.error);
    const offer = offerSchema.safeParse(request.body);
    if (!offer.success) return sendError(reply, err('bad_request', describeZodError(offer.error)).error);
    const r = await deps.negotiation.requestApproval(deps.userIdOf(request), id.data, offer.data);
    if (!r.ok) return sendError(reply, r.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'negotiation.approval_requested', detail: { approvalId: r.data.id, debtorId: id.data } });
    deps.push.requested(r.data);
    return reply.code(201).send(r);
  });

  app.get('/api/approvals', { preHandler: deps.require('negotiation:approve') }, async () => ({ ok: true, data: await deps.store.negotiation.pendingApprovals() }));

  app.post('/api/approvals/:id/decision', { preHandler: deps.require('negotiation:approve') }, async (request, reply) => {
    const body = approvalDecisionSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const id = Number((request.params as { id: string }).id);
    const r = await deps.negotiation.decide(deps.userIdOf(request), roleOf(request), id, body.data);
    if (!r.ok) return sendError(reply, r.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: `negotiation.${r.data.status}`, detail: { approvalId: id, note: body.data.note ?? null } });
    deps.push.decided(r.data);
    return r;
  });

  app.post('/api/debtors/:id/agreements', { preHandler: negotiator }, async (request, reply) => {
    const id = debtorOf(request);
    if (!id.ok) return sendError(reply, id.error);
    const body = formalizeSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const r = await deps.negotiation.formalize(deps.userIdOf(request), roleOf(request), id.data, body.data.offer, body.data.approvalId);
    if (!r.ok) return sendError(reply, r.error);
    deps.dialer.takeOutOfQueues(id.data);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'agreement.create', detail: { agreementId: r.data.agreementId, debtorId: id.data } });
    return reply.code(201).send(r);
  });

  app.post('/api/agreements/:id/send', { preHandler: negotiator }, async (request, reply) => {
    const body = z.object({ channel: z.enum(['email', 'sms', 'whatsapp']) }).safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const agreementId = Number((request.params as { id: string }).id);
    const contacts = await deps.store.negotiation.agreementContacts(agreementId);
    if (!contacts) return sendError(reply, err('not_found', 'No such agreement').error);
    const user = request.session!.user;
    if (user.role === 'agent' && !deps.dialer.leasesOf(user.id).some((l) => l.debtor.id === contacts.debtorId)) return sendError(reply, err('forbidden', 'This debtor is not in your service now').error);
    const sent = await deps.negotiation.sendDocuments(agreementId, body.data.channel, deps.userIdOf(request));
    return sent.ok ? sent : sendError(reply, sent.error);
  });

  /** Per-portfolio negotiation policies: admins view and replace them (validated, audited before/after). */
  app.get('/api/admin/negotiation-policies', { preHandler: deps.require('admin:manage') }, async () => {
    const list = await deps.store.negotiation.policies();
    return { ok: true, data: list.map((p): PortfolioPolicy => ({ ...p, policy: p.policy ?? DEFAULT_POLICY, isDefault: p.policy === null })) };
  });

  app.put('/api/admin/negotiation-policies/:portfolioId', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    const portfolioId = Number((request.params as { portfolioId: string }).portfolioId);
    const body = negotiationPolicySchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const before = Number.isInteger(portfolioId) ? await deps.store.negotiation.policyFor(portfolioId) : null;
    const userId = deps.userIdOf(request);
    if (!Number.isInteger(portfolioId) || !(await deps.store.negotiation.setPolicy(portfolioId, body.data, userId, deps.clock.now()))) {
      return sendError(reply, err('not_found', 'portfolioId: no such portfolio').error);
    }
    await deps.store.audit.record({ at: deps.clock.now(), userId, action: 'negotiation_policy.update', detail: { portfolioId, before: before ?? 'default', after: body.data } });
    return { ok: true, data: body.data };
  });

  app.get('/api/admin/indexes/:name', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    const name = (request.params as { name: string }).name;
    if (name !== 'ipca' && name !== 'selic') return sendError(reply, err('not_found', 'name: ipca or selic').error);
    return { ok: true, data: await deps.store.negotiation.indexValues(name) };
  });

  /** Index tables (IPCA, SELIC): "month;rate" lines, month as 2024-01 or 01/2024, rate in % a month (0,42 or 0.42). */
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post('/api/admin/indexes/:name', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    const name = (request.params as { name: string }).name;
    if (name !== 'ipca' && name !== 'selic') return sendError(reply, err('not_found', 'name: ipca or selic').error);
    if (typeof request.body !== 'string') return sendError(reply, err('bad_request', 'send the series as text/csv').error);
    const rows: { month: string; ratePpm: number }[] = [];
    const errors: { line: number; column: string; value: string; reason: string }[] = [];
    request.body.split(/\r\n|\n|\r/).forEach((raw, i) => {
      const [m = '', r = ''] = raw.split(/[;\t]/).map((x) => x.trim());
      if (!m || (i === 0 && !/\d/.test(m))) return;
      const month = /^(\d{4})-(\d{2})$/.test(m) ? m : /^(\d{2})\/(\d{4})$/.test(m) ? `${m.slice(3)}-${m.slice(0, 2)}` : null;
      const rate = /^-?\d{1,3}([.,]\d{1,6})?$/.test(r) ? Number(r.replace(',', '.')) : NaN;
      if (!month || Number(month.slice(5)) < 1 || Number(month.slice(5)) > 12) errors.push({ line: i + 1, column: 'mês', value: m, reason: 'mês inválido (use 2024-01 ou 01/2024)' });
      else if (!Number.isFinite(rate) || Math.abs(rate) > 100) errors.push({ line: i + 1, column: 'taxa', value: r, reason: 'taxa inválida (% ao mês, ex.: 0,42)' });
      else rows.push({ month, ratePpm: Math.round(rate * 10_000) });
    });
    if (errors.length) return reply.code(400).send({ ok: false, error: { code: 'bad_request', message: `${errors.length} linha(s) com erro; nada foi gravado` }, lines: errors });
    const changed = await deps.store.negotiation.importIndex(name, rows);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'index.import', detail: { name, months: rows.length } });
    return { ok: true, data: { months: changed } };
  });

  /** The agreement with its installments: paid, partly paid, the current one. */
  app.get('/api/agreements/:id', { preHandler: negotiator }, async (request, reply) => {
    const agreementId = Number((request.params as { id: string }).id);
    const view = Number.isInteger(agreementId) ? await deps.store.negotiation.agreementView(agreementId) : null;
    const contacts = view ? await deps.store.negotiation.agreementContacts(agreementId) : null;
    if (!view || !contacts) return sendError(reply, err('not_found', 'No such agreement').error);
    const user = request.session!.user;
    if (user.role === 'agent' && !deps.dialer.leasesOf(user.id).some((l) => l.debtor.id === contacts.debtorId)) return sendError(reply, err('forbidden', 'This debtor is not in your service now').error);
    return { ok: true, data: view };
  });

  /** The printable boleto of an installment (HTML with the ITF barcode as SVG; the creditor named, CDC art. 42-A). */
  app.get('/api/agreements/:id/installments/:n/boleto', { preHandler: deps.require('negotiation:offer') }, async (request, reply) => {
    const p = request.params as { id: string; n: string };
    const agreementId = Number(p.id);
    const number = Number(p.n);
    // permission first, and one answer for "no such agreement" and "not yours" (an agent learns nothing by probing)
    const contacts = Number.isInteger(agreementId) && Number.isInteger(number) ? await deps.store.negotiation.agreementContacts(agreementId) : null;
    const user = request.session!.user;
    if (!contacts || (!can(user.role, 'negotiation:approve') && !deps.dialer.leasesOf(user.id).some((l) => l.debtor.id === contacts.debtorId))) {
      return sendError(reply, err('not_found', 'No such agreement among the debtors in your service').error);
    }
    let inst = await deps.store.negotiation.installment(agreementId, number);
    // the current installment's documents (only the current one's: a charge is registered at the PSP for it)
    // are made on demand if making them after the last payment failed
    if (inst && !inst.boletoBarcode && inst.status === 'open' && number === contacts.firstOpen) {
      const prepared = await deps.negotiation.prepareInstallment(agreementId, number);
      if (!prepared.ok) return sendError(reply, prepared.error);
      inst = prepared.data;
    }
    if (!inst || !inst.boletoBarcode) return sendError(reply, err('not_found', 'No boleto for this installment').error);
    const html = boletoPage({ ...inst, boletoBarcode: inst.boletoBarcode });
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(html);
  });
}
