import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../shared/dialer';
import type { AgreementView, OfferVerdict } from '../../shared/negotiation';
import type { PaymentApplied, PixWebhookResult } from '../../shared/payments';
import type { Quote } from '../../server/src/negotiation/negotiation-service';
import { signPayload } from '../../server/src/payments/signature';
import { startApiPixServer, type ApiPixServer } from '../support/api-pix-server';
import { api, connectSocket, emitWithAck, loginAs, nextEvent, startTestServer, type TestServer } from '../support/test-server';

const TOKEN = 'pix-webhook-secret-0123456789abcdefXYZ';
let psp: ApiPixServer;
let server: TestServer;
let peek: Database.Database;
let supervisor = '';
let secret = '';
beforeAll(async () => {
  psp = await startApiPixServer();
  server = await startTestServer({
    QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00',
    QUITA_PIX_API_URL: psp.url, QUITA_PIX_CLIENT_ID: psp.clientId, QUITA_PIX_CLIENT_SECRET: psp.clientSecret,
    QUITA_PIX_WEBHOOK_TOKEN: TOKEN, QUITA_PIX_TIMEOUT_SECONDS: '1',
  });
  peek = new Database(server.dbFile, { readonly: true });
  supervisor = (await loginAs(server, 'supervisor')).token;
  const admin = (await loginAs(server, 'admin')).token;
  const created = await api<{ secret: string }>(server.url, 'POST', '/api/admin/integrations', { token: admin, body: { id: 'banco-exemplo', name: 'Banco Exemplo (baixas)' } });
  if (created.body.ok) secret = created.body.data.secret;
});
afterAll(async () => {
  peek.close();
  await server.close();
  await psp.close();
});

const count = (sql: string, ...p: unknown[]) => peek.prepare(sql).pluck().get(...p) as number;
const webhookUrl = (token = TOKEN) => `${server.url}/api/v1/pix/${token}`;
/** Debtors with open debt, in order; each test takes its own. */
const debtors = () => peek.prepare("SELECT DISTINCT debtor_id FROM contracts WHERE status = 'open' ORDER BY debtor_id").pluck().all() as number[];

async function offerFor(debtorId: number, installments: number) {
  const q = await api<Quote>(server.url, 'GET', `/api/debtors/${debtorId}/negotiation`, { token: supervisor });
  if (!q.body.ok) throw new Error(q.body.error.message);
  const option = q.body.data.options.find((o) => o.offer.installments === installments) ?? q.body.data.options.find((o) => o.offer.installments > 1)!;
  return option.offer;
}
const formalize = (debtorId: number, offer: unknown) => api<{ agreementId: number; verdict: OfferVerdict }>(server.url, 'POST', `/api/debtors/${debtorId}/agreements`, { token: supervisor, body: { offer } });
const installment = (agreementId: number, n: number) =>
  peek.prepare('SELECT amount_cents, paid_cents, status, pix_txid, pix_kind, pix_payload, boleto_barcode FROM agreement_installments WHERE agreement_id = ? AND number = ?').get(agreementId, n) as
    { amount_cents: number; paid_cents: number; status: string; pix_txid: string | null; pix_kind: string | null; pix_payload: string | null; boleto_barcode: string | null };
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 30));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}
function signed(body: unknown) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(server.app.clock.now() / 1000);
  return api<PaymentApplied>(server.url, 'POST', '/api/v1/payments', { rawBody: raw, headers: { 'x-quita-integration': 'banco-exemplo', 'x-quita-timestamp': String(ts), 'x-quita-signature': signPayload(secret, ts, raw) } });
}

describe('Pix charges at a PSP (API Pix cobv, local contract server) and the Pix webhook (real server)', () => {
  it('a Pix for an installment goes into the payment flow: the debtor on an agent\'s screen is revoked at once (socket.io)', async () => {
    const agent = await loginAs(server, 'agent');
    const socket = await connectSocket(server.url, agent.token);
    try {
      const leadEvent = nextEvent(socket, 'dialer:lead');
      await emitWithAck(socket, 'agent:setState', { state: 'available' });
      const [lead] = (await leadEvent) as [Lead];
      const q = await api<Quote>(server.url, 'GET', `/api/debtors/${lead.debtor.id}/negotiation`, { token: agent.token });
      if (!q.body.ok) throw new Error(q.body.error.message);
      // the agent formalizes with the debtor still on screen
      const made = await api<{ agreementId: number }>(server.url, 'POST', `/api/debtors/${lead.debtor.id}/agreements`, { token: agent.token, body: { offer: q.body.data.options[0]!.offer } });
      if (!made.body.ok) throw new Error(made.body.error.message);
      const txid = installment(made.body.data.agreementId, 1).pix_txid!;
      const revoked = nextEvent(socket, 'dialer:revoked');
      expect((await psp.pay(txid, webhookUrl())).status).toBe(200);
      expect(await revoked).toEqual([{ leaseId: lead.leaseId, reason: 'paid' }]);
    } finally {
      socket.disconnect();
    }
  });

  it('an agreement registers its first installment as a cobv charge; the PSP\'s webhook pays it; the next installment\'s charge becomes current; a replay changes nothing', async () => {
    const debtorId = debtors()[0]!;
    const offer = await offerFor(debtorId, 6);
    const made = await formalize(debtorId, offer);
    expect(made.status).toBe(201);
    if (!made.body.ok) return;
    const { agreementId, verdict } = made.body.data;
    const first = installment(agreementId, 1);
    expect(first).toMatchObject({ pix_kind: 'cobv', status: 'open', paid_cents: 0 });
    const charge = psp.charges.get(first.pix_txid!)!;
    const doc = peek.prepare('SELECT document, name FROM debtors WHERE id = ?').get(debtorId) as { document: string; name: string };
    // the agreement's Pix is the PSP's copia-e-cola; the charge names the debtor, the amount, the due date
    expect(first.pix_payload).toBe(charge.pixCopiaECola);
    expect(charge).toMatchObject({
      status: 'ATIVA', devedor: { cpf: doc.document, nome: doc.name },
      calendario: { dataDeVencimento: verdict.schedule[0]!.dueDate, validadeAposVencimento: 5 },
      valor: { original: (first.amount_cents / 100).toFixed(2), multa: { modalidade: 2, valorPerc: '2.00' }, juros: { modalidade: 3, valorPerc: '1.00' } },
    });
    expect(installment(agreementId, 2).pix_txid).toBeNull(); // the next one is made when it becomes current

    const paid = await psp.pay(first.pix_txid!, webhookUrl());
    expect(paid.status).toBe(200);
    expect(paid.body).toEqual({ ok: true, data: { applied: 1, duplicates: 0, unknown: [] } satisfies PixWebhookResult });
    expect(installment(agreementId, 1)).toMatchObject({ status: 'paid', paid_cents: first.amount_cents });
    expect(peek.prepare("SELECT summary FROM timeline_events WHERE debtor_id = ? AND kind = 'payment' ORDER BY id DESC").pluck().get(debtorId)).toBe(
      `Pagamento recebido: R$ ${(first.amount_cents / 100).toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '.')} — parcela 1/${verdict.schedule.length} do acordo ${agreementId} paga`,
    );
    // the next installment's charge is registered at the PSP and becomes the current slip; printing it at the
    // same moment waits for that one charge instead of registering another
    const page = await fetch(`${server.url}/api/agreements/${agreementId}/installments/2/boleto`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(page.status).toBe(200);
    await until(() => installment(agreementId, 2).pix_kind === 'cobv', 'the second installment\'s charge');
    const chargesOfDebtor = [...psp.charges.values()].filter((c) => (c.devedor as { cpf?: string }).cpf === doc.document);
    expect(chargesOfDebtor.map((c) => c.txid).sort()).toEqual([first.pix_txid, installment(agreementId, 2).pix_txid].sort());
    expect(await page.text()).toContain(installment(agreementId, 2).pix_payload!);
    const second = installment(agreementId, 2);
    expect(psp.charges.get(second.pix_txid!)).toMatchObject({ status: 'ATIVA', valor: { original: (second.amount_cents / 100).toFixed(2) } });
    expect(second.boleto_barcode).toMatch(/^\d{44}$/);
    const view = await api<AgreementView>(server.url, 'GET', `/api/agreements/${agreementId}`, { token: supervisor });
    expect(view.body).toMatchObject({ ok: true, data: { status: 'active', current: 2, paidCents: first.amount_cents } });
    expect(view.body.ok && view.body.data.installments.slice(0, 3)).toMatchObject([{ number: 1, status: 'paid' }, { number: 2, status: 'open', hasDocuments: true }, { number: 3, status: 'open', hasDocuments: false }]);

    const replay = await psp.pay(first.pix_txid!, webhookUrl(), { endToEndId: paid.endToEndId });
    expect(replay.body).toEqual({ ok: true, data: { applied: 0, duplicates: 1, unknown: [] } });
    expect(count("SELECT COUNT(*) FROM payments WHERE source = 'pix' AND debtor_id = ?", debtorId)).toBe(1);
    expect(installment(agreementId, 1).paid_cents).toBe(first.amount_cents);
  });

  it('the PSP refusing the charge is named to the user and nothing is written; a PSP that keeps failing is reported (502), nothing written', async () => {
    const debtorId = debtors()[0]!;
    const offer = await offerFor(debtorId, 1);
    const rw = new Database(server.dbFile);
    const name = rw.prepare('SELECT name FROM debtors WHERE id = ?').pluck().get(debtorId) as string;
    rw.prepare("UPDATE debtors SET name = '   ' WHERE id = ?").run(debtorId);
    const agreements = count('SELECT COUNT(*) FROM agreements');
    const charges = psp.charges.size;
    try {
      const refused = await formalize(debtorId, offer);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ ok: false, error: { code: 'unprocessable', message: expect.stringMatching(/^Pix charge not registered: API Pix refused the request: Cobrança inválida\..*cobv\.devedor\.nome: campo obrigatório/) } });
    } finally {
      rw.prepare('UPDATE debtors SET name = ? WHERE id = ?').run(name, debtorId);
      rw.close();
    }
    psp.failNext(10, 503);
    const down = await formalize(debtorId, offer);
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('Serviço indisponível') } });
    expect(count('SELECT COUNT(*) FROM agreements')).toBe(agreements);
    expect(count("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status = 'agreement'", debtorId)).toBe(0);
    expect(psp.charges.size).toBe(charges);
    psp.recover();
    // the PSP back: the same offer goes through
    const made = await formalize(debtorId, offer);
    expect(made.status).toBe(201);
  });

  it('the webhook refuses a forged or absent token and a malformed body; an unknown txid is kept for reconciliation once', async () => {
    const item = { endToEndId: 'E1234567820261124130000000000001', txid: 'naoexistenenhumacobranca0000', valor: '10.00', horario: '2026-11-24T13:00:00Z' };
    const post = (url: string, body: unknown) => api<PixWebhookResult>(server.url, 'POST', url.slice(server.url.length), { rawBody: JSON.stringify(body) });
    expect((await post(`${webhookUrl('x'.repeat(38))}/pix`, { pix: [item] })).status).toBe(401);
    expect((await post(`${server.url}/api/v1/pix//pix`, { pix: [item] })).status).toBe(401);
    expect((await post(`${server.url}/api/v1/pix/pix`, { pix: [item] })).status).toBe(404);
    const bad = await post(`${webhookUrl()}/pix`, { pix: [{ ...item, valor: '10' }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'pix.0.valor: an amount with 2 decimals, e.g. 123.45' } });
    expect((await post(`${webhookUrl()}/pix`, { pix: [] })).body).toMatchObject({ ok: false, error: { message: 'pix: at least one Pix' } });
    expect(count("SELECT COUNT(*) FROM payment_rejections WHERE source = 'pix'")).toBe(0);

    for (let i = 0; i < 2; i++) {
      const unknown = await post(`${webhookUrl()}/pix`, { pix: [item] });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ ok: false, error: { code: 'unprocessable', message: 'txid: no installment with txid naoexistenenhumacobranca0000; kept for reconciliation' } });
    }
    expect(peek.prepare("SELECT external_id, reason FROM payment_rejections WHERE source = 'pix'").all()).toEqual([{ external_id: item.endToEndId, reason: 'txid: no installment with this txid' }]);
  });

  it('the signed payment webhook pays an agreement\'s installments: a partial payment is recorded, the last one fulfils the agreement and settles its contracts', async () => {
    const debtorId = debtors()[0]!;
    const document = peek.prepare('SELECT document FROM debtors WHERE id = ?').pluck().get(debtorId) as string;
    const made = await formalize(debtorId, await offerFor(debtorId, 6));
    if (!made.body.ok) throw new Error(made.body.error.message);
    const { agreementId, verdict } = made.body.data;
    const schedule = verdict.schedule;
    const one = schedule[0]!.amountCents;
    const paidAt = '2026-11-24T11:00:00-03:00';
    // a contract and an agreement at once is ambiguous
    expect((await signed({ paymentId: 'A-0', document, contractNumber: 'X', agreementId, amountCents: 100, paidAt })).status).toBe(400);
    expect((await signed({ paymentId: 'A-0', document, agreementId: 999_999, amountCents: 100, paidAt })).body).toMatchObject({ ok: false, error: { code: 'unprocessable', message: 'agreementId: the debtor has no agreement 999999' } });

    const partial = await signed({ paymentId: 'A-1', document, agreementId, installment: 1, amountCents: one - 1000, paidAt });
    expect(partial.body).toMatchObject({ ok: true, data: { installment: { number: 1, paid: false, paidCents: one - 1000, nextOpen: 1, agreementStatus: 'active' } } });
    expect(peek.prepare("SELECT summary FROM timeline_events WHERE debtor_id = ? AND kind = 'payment' ORDER BY id DESC").pluck().get(debtorId)).toContain('(parcial: faltam R$ 10,00)');
    const rest = await signed({ paymentId: 'A-2', document, agreementId, amountCents: 1000, paidAt });
    expect(rest.body).toMatchObject({ ok: true, data: { installment: { number: 1, paid: true, paidCents: one, nextOpen: 2 } } });
    for (const [i, inst] of schedule.slice(1).entries()) {
      const r = await signed({ paymentId: `A-${i + 3}`, document, agreementId, amountCents: inst.amountCents, paidAt });
      expect(r.body).toMatchObject({ ok: true, data: { installment: { number: inst.number, paid: true } } });
    }
    const last = peek.prepare('SELECT status FROM agreements WHERE id = ?').pluck().get(agreementId);
    expect(last).toBe('paid');
    expect(count("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status = 'paid'", debtorId)).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status IN ('open', 'agreement')", debtorId)).toBe(0);
    expect(count('SELECT COUNT(*) FROM payments WHERE debtor_id = ? AND bureau_removal_due IS NOT NULL', debtorId)).toBe(1);
    expect(peek.prepare("SELECT summary FROM timeline_events WHERE debtor_id = ? AND kind = 'payment' ORDER BY id DESC").pluck().get(debtorId)).toMatch(/paga; acordo cumprido$/);
    expect(count('SELECT SUM(amount_cents) FROM installment_payments WHERE agreement_id = ?', agreementId)).toBe(schedule.reduce((a, s) => a + s.amountCents, 0));
  });
  it('a Pix webhook the PSP does not confirm is not applied: an endToEndId the charge does not list, a wrong amount, the PSP down — kept for reconciliation', async () => {
    const debtorId = debtors()[0]!;
    const made = await formalize(debtorId, await offerFor(debtorId, 6));
    if (!made.body.ok) throw new Error(made.body.error.message);
    const { agreementId } = made.body.data;
    const first = installment(agreementId, 1);
    const valor = (first.amount_cents / 100).toFixed(2);
    const post = (pix: unknown) => api<PixWebhookResult>(server.url, 'POST', `/api/v1/pix/${TOKEN}/pix`, { rawBody: JSON.stringify({ pix: [pix] }) });
    // the token alone (leaked, replayed by someone else) does not pay an installment the PSP never saw paid
    const forged = await post({ endToEndId: 'E0000000020261124130000000FORGED', txid: first.pix_txid, valor, horario: '2026-11-24T13:00:00Z' });
    expect(forged.status).toBe(422);
    expect(forged.body).toMatchObject({ ok: false, error: { message: `txid ${first.pix_txid}: the PSP does not list this Pix on the charge; kept for reconciliation` } });
    expect(installment(agreementId, 1)).toMatchObject({ status: 'open', paid_cents: 0 });
    // paid at the PSP, but the webhook names another amount
    const { endToEndId } = await psp.pay(first.pix_txid!, null);
    const wrongAmount = await post({ endToEndId, txid: first.pix_txid, valor: '0.01', horario: '2026-11-24T13:00:00Z' });
    expect(wrongAmount.status).toBe(422);
    expect(installment(agreementId, 1).status).toBe('open');
    // the real Pix while the PSP cannot be asked: kept; sent again once the PSP answers, applied
    psp.failNext(1_000, 503);
    const down = await post({ endToEndId, txid: first.pix_txid, valor, horario: '2026-11-24T13:00:00Z' });
    expect(down.status).toBe(422);
    expect(down.body).toMatchObject({ ok: false, error: { message: expect.stringContaining(`txid ${first.pix_txid}: the PSP could not be asked about this Pix`) } });
    expect(installment(agreementId, 1).status).toBe('open');
    psp.recover();
    const real = await post({ endToEndId, txid: first.pix_txid, valor, horario: '2026-11-24T13:00:00Z' });
    expect(real.body).toEqual({ ok: true, data: { applied: 1, duplicates: 0, unknown: [] } });
    expect(installment(agreementId, 1)).toMatchObject({ status: 'paid', paid_cents: first.amount_cents });
    expect(count("SELECT COUNT(*) FROM payment_rejections WHERE source = 'pix' AND external_id = 'E0000000020261124130000000FORGED'")).toBe(1);
  });

  it('a Pix paid with a static code (made before a PSP was configured) has no charge to ask about: the token is enough, as without a PSP', async () => {
    const debtorId = debtors()[0]!;
    const made = await formalize(debtorId, await offerFor(debtorId, 6));
    if (!made.body.ok) throw new Error(made.body.error.message);
    const { agreementId } = made.body.data;
    const rw = new Database(server.dbFile);
    rw.prepare("UPDATE agreement_installments SET pix_kind = 'static', pix_txid = ? WHERE agreement_id = ? AND number = 1").run(`QA${agreementId}P1`, agreementId);
    rw.close();
    const first = installment(agreementId, 1);
    const r = await api<PixWebhookResult>(server.url, 'POST', `/api/v1/pix/${TOKEN}/pix`, {
      rawBody: JSON.stringify({ pix: [{ endToEndId: 'E0000000020261124130000000STATIC', txid: `QA${agreementId}P1`, valor: (first.amount_cents / 100).toFixed(2), horario: '2026-11-24T13:00:00Z' }] }),
    });
    expect(r.body).toEqual({ ok: true, data: { applied: 1, duplicates: 0, unknown: [] } });
    expect(installment(agreementId, 1).status).toBe('paid');
  });

  it('the boleto page: permission is checked before anything is registered at the PSP, only the current installment is prepared, and "no such agreement" and "not yours" look the same', async () => {
    const debtorId = debtors()[0]!;
    const made = await formalize(debtorId, await offerFor(debtorId, 6));
    if (!made.body.ok) throw new Error(made.body.error.message);
    const { agreementId } = made.body.data;
    const agent = (await loginAs(server, 'agent')).token;
    const charges = psp.charges.size;
    const boleto = (id: number, n: number, token: string) => fetch(`${server.url}/api/agreements/${id}/installments/${n}/boleto`, { headers: { authorization: `Bearer ${token}` } });
    // an agent without this debtor on screen: refused before the second installment's charge is registered
    const notYours = await boleto(agreementId, 2, agent);
    const noSuch = await boleto(999_999, 1, agent);
    expect(notYours.status).toBe(404);
    expect(await notYours.json()).toEqual(await noSuch.json());
    expect(psp.charges.size).toBe(charges);
    expect(installment(agreementId, 2).pix_txid).toBeNull();
    // a supervisor asking for a later installment (not the current one) registers nothing either
    expect((await boleto(agreementId, 3, supervisor)).status).toBe(404);
    expect(psp.charges.size).toBe(charges);
    expect(installment(agreementId, 3).pix_txid).toBeNull();
    expect((await boleto(agreementId, 1, supervisor)).status).toBe(200);
  });
});
