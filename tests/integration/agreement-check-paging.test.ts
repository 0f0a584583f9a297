import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { NegotiationService } from '../../server/src/negotiation/negotiation-service';
import { agreementCheck } from '../../server/src/payments/agreement-check';
import { apiPixProvider } from '../../server/src/payments/api-pix';
import { PaymentService } from '../../server/src/payments/payment-service';
import type { PaymentProvider } from '../../server/src/ports/payment-provider';
import { startApiPixServer, type ApiPixServer } from '../support/api-pix-server';
import { dialerFixture, type DialerFixture } from '../support/dialer-fixture';

/**
 * The hourly agreement check reads every overdue charge at the PSP, however many: a page at a time, a few
 * at once. A real SQLite file and the local API Pix server on a real port; the charges are registered at it
 * through the real adapter.
 */
const BILLING = { bank: '001', pixKey: 'cobranca@quita.example', pixCity: 'SAO PAULO' };
let f: DialerFixture | null = null;
let psp: ApiPixServer | null = null;
afterEach(async () => {
  await f?.close();
  await psp?.close();
  f = null;
  psp = null;
});

/** n active agreements of one installment each, overdue (due in September/October 2026), each with its charge registered at the PSP. */
async function overdueAgreements(fx: DialerFixture, provider: PaymentProvider, n: number): Promise<string[]> {
  const db = new Database(fx.file);
  const debtor = db.prepare('SELECT document, name FROM debtors WHERE id = 1').get() as { document: string; name: string };
  const txids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const agreementId = Number(db.prepare("INSERT INTO agreements (debtor_id, user_id, balance_cents, discount_cents, total_cents, terms, created_at) VALUES (1, ?, 10000, 0, 10000, '{}', 0)").run(fx.agents[0]!.id).lastInsertRowid);
      const txid = `qta${String(i).padStart(29, '0')}`;
      const due = new Date(Date.UTC(2026, 8, 1) + Math.floor(i / 20) * 86_400_000).toISOString().slice(0, 10);
      db.prepare("INSERT INTO agreement_installments (agreement_id, number, due_date, amount_cents, pix_txid, pix_kind) VALUES (?, 1, ?, 10000, ?, 'cobv')").run(agreementId, due, txid);
      txids.push(txid);
    }
  })();
  db.close();
  for (const txid of txids) {
    const r = await provider.registerCharge({
      txid, dueDate: '2026-10-31', validAfterDueDays: 5, debtor: { kind: 'cpf', document: debtor.document, name: debtor.name }, amountCents: 10000,
      fineBps: 200, monthlyInterestBps: 100, discounts: [], message: 'Parcela 1/1',
    });
    if (!r.ok) throw new Error(r.error.message);
  }
  return txids; // in the check's order: due date, then txid
}

async function setUp() {
  f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
  psp = await startApiPixServer();
  const real = apiPixProvider({ baseUrl: psp.url, clientId: psp.clientId, clientSecret: psp.clientSecret, key: BILLING.pixKey, certPath: null, keyPath: null, caPath: null, timeoutMs: 2_000 }, () => f!.clock.now());
  // the real adapter, counting the charges read and how many were read at once
  const reads = { calls: 0, inFlight: 0, maxInFlight: 0, onCall: (_n: number) => {} };
  const provider: PaymentProvider = {
    registerCharge: (c) => real.registerCharge(c),
    cancelCharge: (t) => real.cancelCharge(t),
    async charge(txid) {
      reads.onCall(++reads.calls);
      reads.maxInFlight = Math.max(reads.maxInFlight, ++reads.inFlight);
      try {
        return await real.charge(txid);
      } finally {
        reads.inFlight--;
      }
    },
  };
  const negotiation = new NegotiationService({ store: f.store.negotiation, clock: f.clock, billing: BILLING, email: null, text: null, pix: { provider, validAfterDueDays: 5 } });
  const payments = new PaymentService({ store: f.store.payments, dialer: f.dialer, clock: f.clock, pixProvider: provider });
  const check = agreementCheck({ payments, negotiation, dialer: f.dialer, pixProvider: provider, graceDays: 5, logger: pino({ level: 'silent' }) });
  return { fx: f, pixServer: psp, provider, payments, check, reads };
}

describe('the hourly agreement check reads every overdue charge (real SQLite file, API Pix over real HTTP)', () => {
  it('620 overdue charges: all read once, a page at a time, at most 4 at once; Pix paid on the last page applied, the rest broken', async () => {
    const { fx, pixServer, provider, payments, check, reads } = await setUp();
    const txids = await overdueAgreements(fx, provider, 620);
    // paid at the PSP, webhooks lost: the last five in the check's order, far beyond any first 500
    for (const txid of txids.slice(-5)) await pixServer.pay(txid, null);

    const logged = pixServer.log.length;
    expect(await payments.reconcileCharges(provider)).toEqual({ checked: 620, applied: 5, unchecked: [], refused: 0 });
    expect(reads.calls).toBe(620);
    // every charge read exactly once: none skipped, none repeated
    const served = pixServer.log.slice(logged).filter((l) => l.startsWith('GET /v2/cobv/')).map((l) => l.slice('GET /v2/cobv/'.length));
    expect(served).toHaveLength(620);
    expect(new Set(served)).toEqual(new Set(txids));
    expect(reads.maxInFlight).toBeGreaterThan(1);
    expect(reads.maxInFlight).toBeLessThanOrEqual(4);
    expect(fx.count("SELECT COUNT(*) FROM agreement_installments WHERE status = 'paid'")).toBe(5);
    expect(fx.count("SELECT COUNT(*) FROM payments WHERE source = 'pix'")).toBe(5);

    // the hourly run: the paid ones are fulfilled, every other is broken (each read once more, nothing applied twice)
    expect(await check()).toEqual({ broken: 615, spared: 0 });
    expect(fx.count("SELECT COUNT(*) FROM agreements WHERE status = 'paid'")).toBe(5);
    expect(fx.count("SELECT COUNT(*) FROM payments WHERE source = 'pix'")).toBe(5);
  }, 120_000);

  it('a charge the PSP does not know spares nothing: its agreement follows our records (broken), the charge is kept for reconciliation and counted', async () => {
    const { fx, provider, payments, pixServer, check } = await setUp();
    const txids = await overdueAgreements(fx, provider, 3);
    pixServer.charges.delete(txids[1]!); // the PSP lost it (or it was registered elsewhere)
    expect(await payments.reconcileCharges(provider)).toEqual({ checked: 2, applied: 0, unchecked: [], refused: 1 });
    expect(fx.peek.prepare("SELECT external_id, reason FROM payment_rejections WHERE source = 'pix'").all()).toEqual([
      { external_id: `charge:${txids[1]}`, reason: expect.stringMatching(/^charge of agreement \d+: API Pix: Cobrança não encontrada\./) },
    ]);
    expect(await check()).toEqual({ broken: 3, spared: 0 });
    // asked again next hour: still one rejection for it
    expect(fx.count("SELECT COUNT(*) FROM payment_rejections WHERE source = 'pix'")).toBe(1);
  }, 60_000);

  it('a worker that throws: the others stop taking charges and the run ends (with the error) only once all have stopped', async () => {
    const { fx, provider, payments, reads } = await setUp();
    await overdueAgreements(fx, provider, 40);
    const real = provider.charge;
    provider.charge = async (txid) => {
      if (reads.calls === 5) {
        reads.calls++;
        throw new Error('disk full');
      }
      return real(txid);
    };
    await expect(payments.reconcileCharges(provider)).rejects.toThrow('disk full');
    const callsWhenEnded = reads.calls;
    expect(reads.inFlight).toBe(0);
    expect(callsWhenEnded).toBeLessThan(5 + 4);
    await new Promise((r) => setTimeout(r, 300));
    expect(reads.calls).toBe(callsWhenEnded); // nothing kept running detached
  }, 60_000);

  it('the PSP failing midway: agreements it could not be asked about are spared, and it is not asked about the rest once it keeps failing', async () => {
    const { fx, provider, check, reads, pixServer } = await setUp();
    await overdueAgreements(fx, provider, 300);
    reads.onCall = (n) => n === 150 && pixServer.failNext(100_000, 503);

    const first = await check();
    // read before the failure: broken; from the failure on: spared (10 failures in a row and the PSP is left alone)
    expect(first!.broken + first!.spared).toBe(300);
    expect(first!.broken).toBeGreaterThanOrEqual(145);
    expect(first!.broken).toBeLessThan(150);
    expect(reads.calls).toBeLessThan(150 + 20);
    expect(fx.count("SELECT COUNT(*) FROM agreements WHERE status = 'active'")).toBe(first!.spared);

    pixServer.recover();
    expect(await check()).toEqual({ broken: first!.spared, spared: 0 });
    expect(fx.count("SELECT COUNT(*) FROM agreements WHERE status = 'active'")).toBe(0);
  }, 120_000);
});
