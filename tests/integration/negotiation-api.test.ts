import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../shared/dialer';
import type { ApprovalView, DebtorCard, NegotiationPolicyInput, Offer, OfferVerdict, PortfolioPolicy } from '../../shared/negotiation';
import { isValidBarcode } from '../../server/src/domain/billing/boleto';
import { isValidPixPayload } from '../../server/src/domain/billing/pix';
import type { Quote } from '../../server/src/negotiation/negotiation-service';
import { api, connectSocket, emitWithAck, loginAs, nextEvent, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let peek: Database.Database;
beforeAll(async () => {
  server = await startTestServer({ QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00' });
  peek = new Database(server.dbFile, { readonly: true });
});
afterAll(async () => {
  peek.close();
  await server.close();
});

describe('negotiation round trip (real server)', () => {
  it('quote → an offer above the agent\'s authority → supervisor approves live → agreement with a valid boleto and Pix', async () => {
    const agent = await loginAs(server, 'agent');
    const agentSocket = await connectSocket(server.url, agent.token);
    const supervisor = await loginAs(server, 'supervisor');
    const supSocket = await connectSocket(server.url, supervisor.token);
    try {
      await emitWithAck(supSocket, 'wallboard:subscribe', {});
      const leadEvent = nextEvent(agentSocket, 'dialer:lead');
      await emitWithAck(agentSocket, 'agent:setState', { state: 'available' });
      const [lead] = (await leadEvent) as [Lead];
      const debtorId = lead.debtor.id;

      // an agent sees only the debtor on their screen
      const other = peek.prepare('SELECT id FROM debtors WHERE id != ? LIMIT 1').pluck().get(debtorId) as number;
      expect((await api(server.url, 'GET', `/api/debtors/${other}/negotiation`, { token: agent.token })).status).toBe(403);
      expect((await api(server.url, 'GET', `/api/debtors/${other}/card`, { token: agent.token })).status).toBe(403);

      // the screen pop: contracts with days past due, masked phones with flags, the history, the next action
      const card = await api<DebtorCard>(server.url, 'GET', `/api/debtors/${debtorId}/card`, { token: agent.token });
      expect(card.body.ok).toBe(true);
      if (!card.body.ok) return;
      expect(card.body.data.contracts.length).toBeGreaterThan(0);
      expect(card.body.data.contracts.every((c) => c.dpd >= 0)).toBe(true);
      expect(card.body.data.timeline.length).toBeGreaterThan(0);
      expect(JSON.stringify(card.body.data)).not.toMatch(/\+55\d{10,11}/);
      expect(card.body.data.nextBestAction).toMatch(/^offer_|resume_promise/);

      const quote = await api<Quote>(server.url, 'GET', `/api/debtors/${debtorId}/negotiation`, { token: agent.token });
      expect(quote.body.ok).toBe(true);
      if (!quote.body.ok) return;
      const q = quote.body.data;
      expect(q.total.totalCents).toBe(q.contracts.reduce((a, c) => a + c.balance.totalCents, 0));
      expect(q.total.totalCents).toBeGreaterThan(q.total.principalCents); // interest and fee since the due date
      expect(q.options.length).toBeGreaterThan(0);
      expect(q.options.every((o) => o.valid && !o.needsApproval)).toBe(true);

      // the cash option's fee discount doubled: beyond the agent's half of the matrix
      const cash = q.options.find((o) => o.offer.installments === 1)!;
      const bigger: Offer = { ...cash.offer, discount: { ...cash.offer.discount, interestBps: Math.min(10_000, cash.offer.discount.interestBps * 2) } };
      const v = await api<OfferVerdict>(server.url, 'POST', `/api/debtors/${debtorId}/negotiation/evaluate`, { token: agent.token, body: bigger });
      expect(v.body).toMatchObject({ ok: true, data: { valid: true, needsApproval: true } });
      const refused = await api(server.url, 'POST', `/api/debtors/${debtorId}/agreements`, { token: agent.token, body: { offer: bigger } });
      expect(refused.status).toBe(403);

      const requested = nextEvent(supSocket, 'negotiation:requested');
      const asked = await api<ApprovalView>(server.url, 'POST', `/api/debtors/${debtorId}/negotiation/approval`, { token: agent.token, body: bigger });
      expect(asked.status).toBe(201);
      const [seen] = (await requested) as [ApprovalView];
      expect(seen).toMatchObject({ debtorId, status: 'pending', verdict: { needsApproval: true } });
      expect((await api(server.url, 'POST', `/api/approvals/${seen.id}/decision`, { token: agent.token, body: { decision: 'approve' } })).status).toBe(403);

      const decided = nextEvent(agentSocket, 'negotiation:decided');
      const approve = await api<ApprovalView>(server.url, 'POST', `/api/approvals/${seen.id}/decision`, { token: supervisor.token, body: { decision: 'approve', note: 'cliente antigo' } });
      expect(approve.body).toMatchObject({ ok: true, data: { status: 'approved' } });
      expect(((await decided) as [ApprovalView])[0]).toMatchObject({ id: seen.id, status: 'approved' });

      const made = await api<{ agreementId: number; verdict: OfferVerdict }>(server.url, 'POST', `/api/debtors/${debtorId}/agreements`, { token: agent.token, body: { offer: bigger, approvalId: seen.id } });
      expect(made.status).toBe(201);
      if (!made.body.ok) return;
      const { agreementId } = made.body.data;
      const inst = peek.prepare('SELECT boleto_barcode, pix_payload, amount_cents FROM agreement_installments WHERE agreement_id = ? AND number = 1').get(agreementId) as { boleto_barcode: string; pix_payload: string; amount_cents: number };
      expect(isValidBarcode(inst.boleto_barcode)).toBe(true);
      expect(inst.boleto_barcode.slice(9, 19)).toBe(String(inst.amount_cents).padStart(10, '0'));
      expect(isValidPixPayload(inst.pix_payload)).toBe(true);
      expect(peek.prepare("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status = 'open'").pluck().get(debtorId)).toBe(0);
      expect(peek.prepare("SELECT status FROM approval_requests WHERE id = ?").pluck().get(seen.id)).toBe('used');
      // the approval cannot be used twice
      expect((await api(server.url, 'POST', `/api/debtors/${debtorId}/agreements`, { token: agent.token, body: { offer: bigger, approvalId: seen.id } })).status).toBeGreaterThanOrEqual(400);

      const page = await fetch(`${server.url}/api/agreements/${agreementId}/installments/1/boleto`, { headers: { authorization: `Bearer ${agent.token}` } });
      const html = await page.text();
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(html).toContain('Banco Exemplo S.A.');
      expect(html).toMatch(/CNPJ \d{14}/);
      expect(html).toMatch(/\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}/);
      expect(peek.prepare("SELECT action FROM audit_log WHERE action LIKE 'negotiation.%' OR action = 'agreement.create' ORDER BY id").pluck().all()).toEqual(['negotiation.approval_requested', 'negotiation.approved', 'agreement.create']);
      expect(peek.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'debtor.open' AND detail LIKE ?").pluck().get(`%"debtorId":${debtorId},%`)).toBeGreaterThanOrEqual(2);
    } finally {
      agentSocket.disconnect();
      supSocket.disconnect();
    }
  });

  it('indexes are imported as data; bad lines refuse the file', async () => {
    const { token } = await loginAs(server, 'admin');
    const send = (csv: string) => api<{ months: number }>(server.url, 'POST', '/api/admin/indexes/ipca', { token, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect((await send('mes;taxa\n2027-01;0,41\n02/2027;0.52\n')).body).toEqual({ ok: true, data: { months: 2 } });
    expect(peek.prepare("SELECT rate_ppm FROM index_values WHERE index_name = 'ipca' AND month = '2027-02'").pluck().get()).toBe(5_200);
    const bad = await send('2027-13;0,1\n2027-03;abc\n');
    expect(bad.status).toBe(400);
  });

  it('admins edit a portfolio\'s policy: bad input names the field, the change is audited before/after, offers obey it at once', async () => {
    const admin = await loginAs(server, 'admin');
    const supervisor = await loginAs(server, 'supervisor');
    expect((await api(server.url, 'GET', '/api/admin/negotiation-policies', { token: supervisor.token })).status).toBe(403);
    const list = await api<PortfolioPolicy[]>(server.url, 'GET', '/api/admin/negotiation-policies', { token: admin.token });
    if (!list.body.ok) throw new Error(list.body.error.message);
    const debtorId = peek.prepare("SELECT c.debtor_id FROM contracts c WHERE c.status = 'open' ORDER BY c.debtor_id LIMIT 1").pluck().get() as number;
    const portfolioId = peek.prepare('SELECT portfolio_id FROM contracts WHERE debtor_id = ? LIMIT 1').pluck().get(debtorId) as number;
    const mine = list.body.data.find((p) => p.portfolioId === portfolioId)!;
    expect(mine).toMatchObject({ portfolioName: expect.any(String), creditorName: expect.any(String) });
    const put = (body: unknown, id = portfolioId, token = admin.token) => api<NegotiationPolicyInput>(server.url, 'PUT', `/api/admin/negotiation-policies/${id}`, { token, body });

    const quote = await api<Quote>(server.url, 'GET', `/api/debtors/${debtorId}/negotiation`, { token: supervisor.token });
    if (!quote.body.ok) throw new Error(quote.body.error.message);
    const cash = quote.body.data.options.find((o) => o.offer.installments === 1)!;
    const withInterest = { ...cash.offer, discount: { principalBps: 0, feeBps: 0, interestBps: 100 } };
    expect((await api<OfferVerdict>(server.url, 'POST', `/api/debtors/${debtorId}/negotiation/evaluate`, { token: supervisor.token, body: withInterest })).body).toMatchObject({ ok: true, data: { valid: true } });

    const policy = structuredClone(mine.policy);
    policy.matrix[0]!.forms[0]!.ceiling.interestBps = 12_000;
    expect((await put(policy)).body).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'matrix.0.forms.0.ceiling.interestBps: at most 10000 (100%)' } });
    const open = structuredClone(mine.policy);
    open.matrix[open.matrix.length - 1]!.maxDpd = 9_999;
    expect((await put(open)).body).toMatchObject({ ok: false, error: { message: expect.stringContaining('the last bucket has no upper limit') } });
    expect((await put({ ...mine.policy, maxInstallments: 'doze' })).body).toMatchObject({ ok: false, error: { message: expect.stringContaining('maxInstallments') } });
    expect((await put(mine.policy, 999_999)).status).toBe(404);
    expect((await put(mine.policy, portfolioId, supervisor.token)).status).toBe(403);

    // no interest discount at all for cash payments, in every bucket
    const strict = structuredClone(mine.policy);
    for (const b of strict.matrix) b.forms[0]!.ceiling.interestBps = 0;
    expect((await put(strict)).body).toEqual({ ok: true, data: strict });
    const after = await api<OfferVerdict>(server.url, 'POST', `/api/debtors/${debtorId}/negotiation/evaluate`, { token: supervisor.token, body: withInterest });
    expect(after.body).toMatchObject({ ok: true, data: { valid: false, problems: [{ code: 'above_matrix', part: 'interest', maxBps: 0 }] } });
    const audit = JSON.parse(peek.prepare("SELECT detail FROM audit_log WHERE action = 'negotiation_policy.update'").pluck().get() as string) as { portfolioId: number; before: unknown; after: unknown };
    expect(audit).toEqual({ portfolioId, before: mine.isDefault ? 'default' : mine.policy, after: strict });
    const again = await api<PortfolioPolicy[]>(server.url, 'GET', '/api/admin/negotiation-policies', { token: admin.token });
    expect(again.body.ok && again.body.data.find((p) => p.portfolioId === portfolioId)).toMatchObject({ isDefault: false, policy: strict });
    // and back, so the other tests see the default
    expect((await put(mine.policy)).body.ok).toBe(true);
  });

  it('admins list the index values they imported', async () => {
    const { token } = await loginAs(server, 'admin');
    const r = await api<{ month: string; ratePpm: number }[]>(server.url, 'GET', '/api/admin/indexes/selic', { token });
    expect(r.body.ok && r.body.data.length).toBeGreaterThan(12);
    expect(r.body.ok && r.body.data[0]!.month > r.body.data[1]!.month).toBe(true); // newest first
    expect((await api(server.url, 'GET', '/api/admin/indexes/cdi', { token })).status).toBe(404);
  });
});
