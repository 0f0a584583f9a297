import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { httpTextSender } from '../../server/src/messaging/http-text';
import { smtpEmailSender } from '../../server/src/messaging/smtp-email';
import { NegotiationService } from '../../server/src/negotiation/negotiation-service';
import { agreementCheck } from '../../server/src/payments/agreement-check';
import { apiPixProvider } from '../../server/src/payments/api-pix';
import { PaymentService } from '../../server/src/payments/payment-service';
import { startApiPixServer } from '../support/api-pix-server';
import { dialerFixture, type DialerFixture } from '../support/dialer-fixture';

const BILLING = { bank: '001', pixKey: 'cobranca@quita.example', pixCity: 'SAO PAULO' };

/** Debtor 1 agrees to six installments, formalized by the agent; no PSP (static Pix), 5 grace days in the hourly check. */
async function sixInstallments(fx: DialerFixture) {
  const negotiation = new NegotiationService({ store: fx.store.negotiation, clock: fx.clock, billing: BILLING, email: null, text: null });
  const payments = new PaymentService({ store: fx.store.payments, dialer: fx.dialer, clock: fx.clock });
  const check = agreementCheck({ payments, negotiation, dialer: fx.dialer, pixProvider: null, graceDays: 5, logger: pino({ level: 'silent' }) });
  const quote = await negotiation.quote(1, 'agent');
  if (!quote.ok) throw new Error(quote.error.message);
  const made = await negotiation.formalize(fx.agents[0]!.id, 'agent', 1, quote.data.options.find((o) => o.offer.installments === 6)!.offer, null);
  if (!made.ok) throw new Error(made.error.message);
  return { payments, check, made };
}

let f: DialerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

describe('agreements (real SQLite file)', () => {
  it('an installment unpaid past the grace days breaks the agreement: the debt reopens and the debtor returns to the campaign, with the reason on the timeline', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
    const negotiation = new NegotiationService({ store: f.store.negotiation, clock: f.clock, billing: BILLING, email: null, text: null });
    const quote = await negotiation.quote(1, 'agent');
    if (!quote.ok) throw new Error(quote.error.message);
    const six = quote.data.options.find((o) => o.offer.installments === 6)!;
    const made = await negotiation.formalize(f.agents[0]!.id, 'agent', 1, six.offer, null);
    expect(made.ok).toBe(true);
    await f.dialer.reloadCampaign(f.campaignId);
    expect(f.count("SELECT COUNT(*) FROM campaign_members WHERE done_reason = 'agreement'")).toBe(1);
    expect(await f.dialer.nextLead(f.agents[0]!.id)).toBeNull();

    // the first installment is due 3 days after today; 5 grace days later nothing happens, the 9th day breaks it
    f.clock.t += 8 * 86_400_000;
    expect(await negotiation.breakOverdue(5)).toEqual([]);
    f.clock.t += 86_400_000;
    const broken = await negotiation.breakOverdue(5);
    expect(broken).toEqual([{ agreementId: 1, debtorId: 1, installment: 1, dueDate: six.offer.firstDueDate }]);
    expect(f.peek.prepare('SELECT status, broken_reason FROM agreements').get()).toEqual({ status: 'broken', broken_reason: `parcela 1 vencida em ${six.offer.firstDueDate}` });
    expect(f.count("SELECT COUNT(*) FROM contracts WHERE status = 'open'")).toBe(1);
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'agreement' ORDER BY id DESC LIMIT 1").pluck().get()).toMatch(/^Acordo quebrado: parcela 1 vencida em \d{2}\/\d{2}\/\d{4} sem pagamento/);
    await f.dialer.reloadAll();
    expect((await f.dialer.nextLead(f.agents[0]!.id))?.debtor.id).toBe(1);
  });

  it('the first installment goes out by e-mail (a real SMTP server process) and SMS (an HTTP provider), naming the creditor; each send on the timeline', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
    const rw = new Database(f.file);
    rw.prepare("INSERT INTO debtor_emails (debtor_id, email) VALUES (1, 'maria@exemplo.com.br')").run();
    rw.close();
    const smtp = spawn(process.execPath, ['tests/support/smtp-sink.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: smtp.stdout! })[Symbol.asyncIterator]();
    const sms: unknown[] = [];
    const provider = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        sms.push({ auth: req.headers.authorization, ...JSON.parse(body) });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"sms-1"}');
      });
    });
    try {
      const { port } = JSON.parse(String((await lines.next()).value)) as { port: number };
      await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
      const negotiation = new NegotiationService({
        store: f.store.negotiation, clock: f.clock, billing: BILLING,
        email: smtpEmailSender(`smtp://127.0.0.1:${port}`, 'Cobrança <cobranca@quita.example>'),
        text: httpTextSender(`http://127.0.0.1:${(provider.address() as AddressInfo).port}/messages`, 'tok'),
      });
      const quote = await negotiation.quote(1, 'agent');
      if (!quote.ok) throw new Error(quote.error.message);
      const made = await negotiation.formalize(f.agents[0]!.id, 'agent', 1, quote.data.options[0]!.offer, null);
      if (!made.ok) throw new Error(made.error.message);

      expect(await negotiation.sendDocuments(made.data.agreementId, 'email', f.agents[0]!.id)).toEqual({ ok: true, data: { to: 'maria@exemplo.com.br' } });
      const mail = JSON.parse(String((await lines.next()).value)) as { from: string; to: string[]; raw: string };
      expect(mail).toMatchObject({ from: 'cobranca@quita.example', to: ['maria@exemplo.com.br'] });
      const body = mail.raw.replace(/=\r?\n/g, ''); // quoted-printable soft line breaks
      expect(body).toContain('Subject: =?UTF-8?Q?Boleto_da_parcela_1');
      expect(body).toContain('boleto-parcela-1.html'); // the printable boleto attached
      expect(body).toContain('CNPJ 11222333000181');

      expect(await negotiation.sendDocuments(made.data.agreementId, 'sms', f.agents[0]!.id)).toEqual({ ok: true, data: { to: '(11) *****-0001' } });
      expect(sms).toEqual([expect.objectContaining({ auth: 'Bearer tok', channel: 'sms', to: '+5511970000001', text: expect.stringMatching(/Banco Teste \(CNPJ 11222333000181, Rua A, 1\).*Linha digitável: \d{5}\.\d{5}.*Pix copia e cola: 000201/) })]);
      await f.settle();
      expect(f.peek.prepare("SELECT kind, summary FROM timeline_events WHERE kind IN ('email', 'sms') ORDER BY id").all()).toEqual([
        { kind: 'email', summary: 'E-mail com o boleto da parcela 1 enviado para m***@exemplo.com.br' },
        { kind: 'sms', summary: 'SMS com a linha digitável e o Pix da parcela 1 enviado para (11) *****-0001' },
      ]);
      // no SMTP configured: a clear refusal, nothing on the timeline
      const off = new NegotiationService({ store: f.store.negotiation, clock: f.clock, billing: BILLING, email: null, text: null });
      expect(await off.sendDocuments(made.data.agreementId, 'email', f.agents[0]!.id)).toMatchObject({ ok: false, error: { message: 'E-mail is not configured on this server (QUITA_SMTP_URL)' } });
    } finally {
      smtp.kill('SIGTERM');
      await new Promise((r) => provider.close(r));
    }
  });
});

describe('installment payments and broken agreements (real SQLite file)', () => {
  it('a paid installment keeps the agreement alive past its due date; a partial payment on the next one is recorded but does not save it', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
    const negotiation = new NegotiationService({ store: f.store.negotiation, clock: f.clock, billing: BILLING, email: null, text: null });
    const next: [number, number][] = [];
    const payments = new PaymentService({ store: f.store.payments, dialer: f.dialer, clock: f.clock, nextInstallment: (a, n) => next.push([a, n]) });
    const quote = await negotiation.quote(1, 'agent');
    if (!quote.ok) throw new Error(quote.error.message);
    const six = quote.data.options.find((o) => o.offer.installments === 6)!;
    const made = await negotiation.formalize(f.agents[0]!.id, 'agent', 1, six.offer, null);
    if (!made.ok) throw new Error(made.error.message);
    const { agreementId } = made.data;
    const [first, second] = made.data.verdict.schedule;
    const document = f.peek.prepare('SELECT document FROM debtors WHERE id = 1').pluck().get() as string;
    // the static Pix's txid names the installment, so a Pix paid with it finds its way back
    expect(f.peek.prepare('SELECT pix_txid, pix_kind FROM agreement_installments WHERE agreement_id = ? AND number = 1').get(agreementId)).toEqual({ pix_txid: `QA${agreementId}P1`, pix_kind: 'static' });

    const paid = await payments.apply({ source: 'webhook:banco', externalId: 'P-1', document, contractNumber: null, amountCents: first!.amountCents, paidAt: '2026-11-25T10:00:00-03:00', userId: null, installment: { agreementId, number: null } });
    expect(paid).toMatchObject({ ok: true, data: { installment: { number: 1, paid: true, nextOpen: 2, agreementStatus: 'active' } } });
    expect(next).toEqual([[agreementId, 2]]);
    expect((await negotiation.prepareInstallment(agreementId, 2)).ok).toBe(true);
    const card = await f.store.negotiation.debtorCard(1, '2026-11-25');
    expect(card?.agreement).toMatchObject({ id: agreementId, status: 'active', current: 2, paidCents: first!.amountCents });

    // far past the first installment's due date and the grace days: not broken, it was paid
    f.clock.t += 20 * 86_400_000;
    expect(await negotiation.breakOverdue(5)).toEqual([]);
    // the second installment partly paid: recorded, still open, and the agreement breaks after its grace days
    const partial = await payments.apply({ source: 'webhook:banco', externalId: 'P-2', document, contractNumber: null, amountCents: 100, paidAt: '2026-12-20T10:00:00-03:00', userId: null, installment: { agreementId, number: 2 } });
    expect(partial).toMatchObject({ ok: true, data: { installment: { number: 2, paid: false, paidCents: 100 } } });
    f.clock.t += 40 * 86_400_000;
    expect(await negotiation.breakOverdue(5)).toEqual([{ agreementId, debtorId: 1, installment: 2, dueDate: second!.dueDate }]);
    expect(f.peek.prepare('SELECT number, status, paid_cents FROM agreement_installments WHERE agreement_id = ? AND number <= 2 ORDER BY number').all(agreementId)).toEqual([
      { number: 1, status: 'paid', paid_cents: first!.amountCents },
      { number: 2, status: 'open', paid_cents: 100 },
    ]);
  });

  it('a Pix whose webhook was lost is caught up from the PSP before agreements are broken (a local API Pix server over real HTTP)', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
    const psp = await startApiPixServer();
    try {
      const provider = apiPixProvider({ baseUrl: psp.url, clientId: psp.clientId, clientSecret: psp.clientSecret, key: 'cobranca@quita.example', certPath: null, keyPath: null, caPath: null, timeoutMs: 2_000 }, () => f!.clock.now());
      const negotiation = new NegotiationService({ store: f.store.negotiation, clock: f.clock, billing: BILLING, email: null, text: null, pix: { provider, validAfterDueDays: 5 } });
      const payments = new PaymentService({ store: f.store.payments, dialer: f.dialer, clock: f.clock, nextInstallment: (a, n) => void negotiation.prepareInstallment(a, n) });
      const quote = await negotiation.quote(1, 'agent');
      if (!quote.ok) throw new Error(quote.error.message);
      const made = await negotiation.formalize(f.agents[0]!.id, 'agent', 1, quote.data.options.find((o) => o.offer.installments === 6)!.offer, null);
      if (!made.ok) throw new Error(made.error.message);
      const { agreementId } = made.data;
      const txid = f.peek.prepare('SELECT pix_txid FROM agreement_installments WHERE agreement_id = ? AND number = 1').pluck().get(agreementId) as string;
      // paid at the PSP, but its webhook never reaches Quita
      await psp.pay(txid, null);
      // nothing to catch up before the due date
      expect(await payments.reconcileCharges(provider)).toEqual({ checked: 0, applied: 0, unchecked: [], refused: 0 });
      f.clock.t += 9 * 86_400_000;
      expect(await payments.reconcileCharges(provider)).toEqual({ checked: 1, applied: 1, unchecked: [], refused: 0 });
      expect(await negotiation.breakOverdue(5)).toEqual([]);
      expect(f.peek.prepare('SELECT status, paid_cents = amount_cents AS exact FROM agreement_installments WHERE agreement_id = ? AND number = 1').get(agreementId)).toEqual({ status: 'paid', exact: 1 });
      // a second pass finds nothing left to catch up, and nothing was applied twice
      expect(await payments.reconcileCharges(provider)).toEqual({ checked: 0, applied: 0, unchecked: [], refused: 0 });
      expect(f.count("SELECT COUNT(*) FROM payments WHERE source = 'pix'")).toBe(1);
    } finally {
      await psp.close();
    }
  });
  it('paying one installment keeps the debtor collectable: skipping the next breaks the agreement and the debtor is dialed again', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
    const { payments, check, made } = await sixInstallments(f);
    const { agreementId } = made.data;
    await f.dialer.reloadCampaign(f.campaignId);
    const document = f.peek.prepare('SELECT document FROM debtors WHERE id = 1').pluck().get() as string;
    const one = made.data.verdict.schedule[0]!.amountCents;

    const paid = await payments.apply({ source: 'webhook:banco', externalId: 'P-1', document, contractNumber: null, amountCents: one, paidAt: '2026-11-25T10:00:00-03:00', userId: null, installment: { agreementId, number: 1 } });
    // the contracts are still owed under the agreement: nothing settled, collection not stopped, no bureau removal
    expect(paid).toMatchObject({ ok: true, data: { openContracts: 1, contractsPaid: [], bureauRemovalDue: null, installment: { number: 1, paid: true, agreementStatus: 'active' } } });
    expect(f.count("SELECT COUNT(*) FROM campaign_members WHERE debtor_id = 1 AND done_reason = 'paid'")).toBe(0);
    expect(f.count("SELECT COUNT(*) FROM campaign_members WHERE debtor_id = 1 AND done_reason = 'agreement'")).toBe(1);

    // installment 2 skipped: far past its due date and the grace days the hourly check breaks the agreement
    f.clock.t += 45 * 86_400_000;
    expect(await check()).toEqual({ broken: 1, spared: 0 });
    expect(f.peek.prepare('SELECT status FROM agreements WHERE id = ?').pluck().get(agreementId)).toBe('broken');
    expect(f.count("SELECT COUNT(*) FROM campaign_members WHERE debtor_id = 1 AND done_reason IS NULL")).toBe(1);
    expect((await f.dialer.nextLead(f.agents[0]!.id))?.debtor.id).toBe(1);
  });

  it('a debtor stopped in memory returns to the dialer when its agreement breaks (resumeDebtor)', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
    const { check } = await sixInstallments(f);
    f.dialer.stopDebtor(1 as never, 0);
    f.clock.t += 10 * 86_400_000;
    expect(await check()).toEqual({ broken: 1, spared: 0 });
    expect((await f.dialer.nextLead(f.agents[0]!.id))?.debtor.id).toBe(1);
  });

  it('the PSP down during the hourly check: the agreements it could not be asked about are not broken this time; the next run breaks them; runs never overlap', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
    const psp = await startApiPixServer();
    try {
      const provider = apiPixProvider({ baseUrl: psp.url, clientId: psp.clientId, clientSecret: psp.clientSecret, key: 'cobranca@quita.example', certPath: null, keyPath: null, caPath: null, timeoutMs: 2_000 }, () => f!.clock.now());
      const negotiation = new NegotiationService({ store: f.store.negotiation, clock: f.clock, billing: BILLING, email: null, text: null, pix: { provider, validAfterDueDays: 5 } });
      const payments = new PaymentService({ store: f.store.payments, dialer: f.dialer, clock: f.clock, pixProvider: provider });
      const check = agreementCheck({ payments, negotiation, dialer: f.dialer, pixProvider: provider, graceDays: 5, logger: pino({ level: 'silent' }) });
      const quote = await negotiation.quote(1, 'agent');
      if (!quote.ok) throw new Error(quote.error.message);
      const made = await negotiation.formalize(f.agents[0]!.id, 'agent', 1, quote.data.options.find((o) => o.offer.installments === 6)!.offer, null);
      if (!made.ok) throw new Error(made.error.message);
      const { agreementId } = made.data;
      f.clock.t += 9 * 86_400_000;
      psp.failNext(1_000, 503);
      expect(await payments.reconcileCharges(provider)).toEqual({ checked: 0, applied: 0, unchecked: [agreementId], refused: 0 });
      // two runs at once (a slow PSP, the next hour's tick): the second does nothing
      const [a, b] = await Promise.all([check(), check()]);
      expect([a, b]).toEqual([{ broken: 0, spared: 1 }, null]);
      expect(f.peek.prepare('SELECT status FROM agreements WHERE id = ?').pluck().get(agreementId)).toBe('active');
      psp.recover();
      expect(await check()).toEqual({ broken: 1, spared: 0 });
      expect(f.peek.prepare('SELECT status FROM agreements WHERE id = ?').pluck().get(agreementId)).toBe('broken');
    } finally {
      await psp.close();
    }
  });
});
