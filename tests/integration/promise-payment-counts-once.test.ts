import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { PaymentService } from '../../server/src/payments/payment-service';
import { insertPromise } from '../../server/src/store/sqlite/promises';
import { dialerFixture, type DialerFixture } from '../support/dialer-fixture';

let f: DialerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

it('a payment counts once: the R$ 100 Pix that kept the older promise does not also keep a promise recorded later in the call', async () => {
  f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: ['+5511990000001'] }] });
  const ana = f.agents[0]!;
  const payments = new PaymentService({ store: f.store.payments, dialer: f.dialer, clock: f.clock });
  // call 1: promise P1, R$ 100 by 30/11
  await f.available(ana);
  const lead = f.lastLead(ana)!;
  const d = await f.dialer.dial(ana.id, lead.leaseId);
  if (!d.ok) throw new Error(d.error.message);
  await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'answered' });
  f.clock.t += 90_000;
  await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended' });
  await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-p1-000001', outcome: 'promise', promise: { dueDate: '2026-11-30', amountCents: 10_000 } });
  await f.settle();
  await f.store.dialer.flush();

  // next day, call 2 with the same debtor (a callback, another campaign, an inbound call...)
  f.clock.t += 24 * 3_600_000;
  const rw = new Database(f.file);
  const call2Start = f.clock.t;
  const attempt2 = Number(rw.prepare(`INSERT INTO dial_attempts (lease_id, campaign_id, debtor_id, phone_id, user_id, mode, caller_id, started_at, answered_at)
    SELECT lease_id, campaign_id, debtor_id, phone_id, user_id, mode, caller_id, ?, ? FROM dial_attempts WHERE id = ?`).run(call2Start, call2Start + 5_000, d.data.attemptId).lastInsertRowid);
  // on the line the debtor pays the R$ 100 it had promised (P1)...
  f.clock.t += 30_000;
  expect(await payments.apply({ source: 'pix', externalId: 'E-on-line-1', document: f.peek.prepare('SELECT document FROM debtors WHERE id = ?').pluck().get(lead.debtor.id) as string,
    contractNumber: null, amountCents: 10_000, paidAt: new Date(f.clock.t).toISOString(), userId: null })).toMatchObject({ ok: true });
  expect(f.peek.prepare('SELECT status FROM promises ORDER BY id').pluck().all()).toEqual(['kept']);
  // ...and promises another R$ 100 by tomorrow: the agent records P2 after the call
  f.clock.t += 60_000;
  rw.transaction(() => insertPromise(rw, { debtorId: lead.debtor.id, campaignId: lead.campaignId, attemptId: attempt2, userId: ana.id, amountCents: 10_000, dueDate: '2026-11-26', defaultReason: null, at: f!.clock.t }))();
  rw.close();
  // only R$ 100 was ever paid: P2 must not be kept (nothing paid towards it), P1 already took that money
  const statuses = f.peek.prepare('SELECT status FROM promises ORDER BY id').pluck().all();
  const paid = f.peek.prepare('SELECT SUM(amount_cents) FROM payments').pluck().get();
  expect(paid).toBe(10_000);
  expect(statuses).toEqual(['kept', 'open']);
});
