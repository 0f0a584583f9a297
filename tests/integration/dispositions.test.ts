import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicUser } from '../../shared/api';
import type { UserId } from '../../shared/ids';
import { DEFAULT_CAMPAIGN_SETTINGS, type DialCommand, type Lead } from '../../shared/dialer';
import { PaymentService } from '../../server/src/payments/payment-service';
import { insertPromise } from '../../server/src/store/sqlite/promises';
import { dialerFixture, MINUTE, type DialerFixture } from '../support/dialer-fixture';

let f: DialerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

const SP = (n: number) => `+5511990000${String(n).padStart(3, '0')}`;

/** Ready → lead → dial → answered → ended: the agent is in wrap-up with this lead. */
async function talkTo(fx: DialerFixture, agent: PublicUser): Promise<{ lead: Lead; call: DialCommand }> {
  await fx.available(agent);
  const lead = fx.lastLead(agent)!;
  const d = await fx.dialer.dial(agent.id, lead.leaseId);
  if (!d.ok) throw new Error(d.error.message);
  await fx.dialer.callEvent(agent.id, { attemptId: d.data.attemptId, event: 'answered' });
  fx.clock.t += 90_000;
  await fx.dialer.callEvent(agent.id, { attemptId: d.data.attemptId, event: 'ended' });
  return { lead, call: d.data };
}

const documentOf = (fx: DialerFixture, debtorId: number) => fx.peek.prepare('SELECT document FROM debtors WHERE id = ?').pluck().get(debtorId) as string;

const ONE_DEBTOR = { agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] };

/** Ana talks to the debtor (R$ 500 owed), who promises R$ 200 by 25/11; Ana is away and the promise breaks on 26/11 at 09:00. */
async function brokenPromise(fx: DialerFixture, key: string) {
  const ana = fx.agents[0]!;
  const payments = new PaymentService({ store: fx.store.payments, dialer: fx.dialer, clock: fx.clock });
  const { lead } = await talkTo(fx, ana);
  await fx.dialer.dispose(ana.id, { leaseId: lead.leaseId, key, outcome: 'promise', promise: { dueDate: '2026-11-25', amountCents: 20_000 } });
  await fx.settle();
  presenceAway(fx, ana);
  fx.clock.t = Date.parse('2026-11-26T09:00:00-03:00');
  expect(await fx.dialer.breakOverduePromises()).toBe(1);
  return { ana, payments, lead };
}

describe('dispositions: reason for default, promises, idempotency, wrap-up timeout (real SQLite file)', () => {
  it('a promise with its reason is stored with the attempt, on the timeline and in promises; a retry with the same key records nothing twice', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead, call } = await talkTo(f, ana);
    const disposition = { leaseId: lead.leaseId, key: 'disp-0001-abcdef', outcome: 'promise' as const, defaultReason: 'unemployment' as const, promise: { dueDate: '2026-11-30', amountCents: 15_000 }, note: 'paga no dia 30' };
    expect(await f.dialer.dispose(ana.id, disposition)).toEqual({ ok: true, data: null });
    await f.settle();
    // the ack was lost: the console sends it again
    expect(await f.dialer.dispose(ana.id, disposition)).toEqual({ ok: true, data: null });
    expect(f.peek.prepare('SELECT outcome, default_reason, note FROM dial_attempts WHERE id = ?').get(call.attemptId)).toEqual({ outcome: 'promise', default_reason: 'unemployment', note: 'paga no dia 30' });
    expect(f.count('SELECT COUNT(*) FROM promises WHERE debtor_id = ?', lead.debtor.id)).toBe(1);
    expect(f.count('SELECT COUNT(*) FROM dispositions')).toBe(1);
    expect(f.peek.prepare('SELECT amount_cents, due_date, status, default_reason FROM promises').get()).toEqual({ amount_cents: 15_000, due_date: '2026-11-30', status: 'open', default_reason: 'unemployment' });
    const timeline = f.peek.prepare('SELECT kind, summary FROM timeline_events WHERE debtor_id = ? ORDER BY id').all(lead.debtor.id);
    expect(timeline).toEqual([
      { kind: 'call', summary: 'Ligação: promessa de pagamento (R$ 150,00 até 30/11/2026) — motivo: desemprego — obs.: paga no dia 30' },
      { kind: 'promise', summary: 'Promessa de pagamento: R$ 150,00 até 30/11/2026 — motivo: desemprego' },
    ]);
    expect(await f.dialer.promisesOf(lead.debtor.id)).toMatchObject([{ amountCents: 15_000, dueDate: '2026-11-30', status: 'open', defaultReason: 'unemployment' }]);
    // the key belongs to that disposition: another lead cannot reuse it
    expect(await f.dialer.dispose(ana.id, { ...disposition, leaseId: lead.leaseId + 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a promise is kept when the payments reach its amount by its date (partial first, then the rest)', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead } = await talkTo(f, ana);
    await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-keep-000001', outcome: 'promise', promise: { dueDate: '2026-11-30', amountCents: 15_000 } });
    const pay = (externalId: string, amountCents: number, paidAt: string) =>
      f!.store.payments.recordPayment({ source: 'test', externalId, document: documentOf(f!, lead.debtor.id), contractNumber: null, installment: null, amountCents, paidAt, receivedAt: f!.clock.t, userId: null });
    expect((await pay('p1', 10_000, '2026-11-25')).ok).toBe(true);
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('open');
    expect((await pay('p2', 5_000, '2026-11-30')).ok).toBe(true);
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'promise' ORDER BY id DESC LIMIT 1").pluck().get()).toBe('Promessa cumprida: R$ 150,00 pagos até 30/11/2026 (prometido R$ 150,00)');
    // the daily sweep leaves a kept promise alone
    f.clock.t += 10 * 24 * 60 * MINUTE;
    expect(await f.dialer.breakOverduePromises()).toBe(0);
  });

  it('an unpaid promise is broken the day after its date: on the timeline with the reason, and the debtor is back in the campaign', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead } = await talkTo(f, ana);
    await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-broken-0001', outcome: 'promise', defaultReason: 'income_drop', promise: { dueDate: '2026-11-25', amountCents: 20_000 } });
    await f.settle();
    presenceAway(f, ana);
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('promise');
    // on the promised day (Brasília) it is still open
    f.clock.t = Date.parse('2026-11-25T23:00:00-03:00');
    expect(await f.dialer.breakOverduePromises()).toBe(0);
    // the day after: broken
    f.clock.t = Date.parse('2026-11-26T09:00:00-03:00');
    expect(await f.dialer.breakOverduePromises()).toBe(1);
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('broken');
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'promise' ORDER BY id DESC LIMIT 1").pluck().get())
      .toBe('Promessa quebrada: R$ 200,00 até 25/11/2026 não pagos; motivo da inadimplência: redução de renda; devedor de volta à campanha');
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBeNull();
    f.clock.t = Date.parse('2026-11-26T10:00:00-03:00');
    await f.available(ana);
    expect(f.lastLead(ana)!.debtor.id).toBe(lead.debtor.id);
    expect(f.lastLead(ana)!.leaseId).not.toBe(lead.leaseId);
  });

  it('payments dated by the promised day that arrive after the break (a boleto settled D+1, a late Pix webhook) keep the promise after all: the debtor leaves the campaign again', async () => {
    f = await dialerFixture(ONE_DEBTOR);
    const { ana, payments, lead } = await brokenPromise(f, 'disp-latepay-001');
    const member = () => f!.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id);
    const status = () => f!.peek.prepare('SELECT status FROM promises').pluck().get();
    expect(member()).toBeNull();
    const pay = async (externalId: string, amountCents: number, paidAt: string) => {
      const r = await payments.apply({ source: 'webhook:banco', externalId, document: documentOf(f!, lead.debtor.id), contractNumber: null, amountCents, paidAt, userId: null });
      expect(r).toMatchObject({ ok: true, data: { openContracts: 1 } });
      expect(r.ok && 'campaignsLeft' in r.data).toBe(false); // the sender's answer stays as documented
    };
    await f.settle(); // the reloaded queue has prepared the debtor's lead again
    f.clock.t = Date.parse('2026-11-26T15:00:00-03:00');
    // dated the day after the promised day: late, does not count
    await pay('late-1', 5_000, '2026-11-26');
    // a boleto paid on the day, settled the next day: part of the amount
    await pay('boleto-1', 10_000, '2026-11-25');
    expect(status()).toBe('broken');
    expect(member()).toBeNull();
    // a Pix on the evening of the 25th in Brasília whose webhook came late: the amount is reached
    await pay('pix-1', 10_000, '2026-11-26T01:30:00Z');
    expect(status()).toBe('kept');
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'promise' ORDER BY id DESC LIMIT 1").pluck().get())
      .toBe('Promessa cumprida: R$ 200,00 pagos até 25/11/2026 (prometido R$ 200,00) — pagamento em dia recebido depois da quebra; devedor fora da campanha de novo');
    expect(member()).toBe('promise');
    // as after a promise kept in time: not offered again (the lead the reloaded queue had prepared is dropped at once)
    await f.available(ana);
    expect(f.lastLead(ana)!.leaseId).toBe(lead.leaseId);
    expect(await f.dialer.promisesOf(lead.debtor.id)).toMatchObject([{ status: 'kept' }]);
  });

  it('a late payment that keeps a broken promise revokes the lead of that debtor already on an agent screen (promise_kept): it cannot be dialed', async () => {
    f = await dialerFixture(ONE_DEBTOR);
    const { ana, payments, lead } = await brokenPromise(f, 'disp-latepay-rev1');
    await f.settle();
    f.clock.t = Date.parse('2026-11-26T10:00:00-03:00');
    await f.available(ana);
    const again = f.lastLead(ana)!;
    expect(again.leaseId).not.toBe(lead.leaseId);
    // the boleto paid on the 25th settles now: the promise is kept after all
    const r = await payments.apply({ source: 'boleto', externalId: 'bol-rev-1', document: documentOf(f, lead.debtor.id), contractNumber: null, amountCents: 20_000, paidAt: '2026-11-25', userId: null });
    expect(r).toMatchObject({ ok: true, data: { openContracts: 1 } });
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('promise');
    // the agent should not be able to call the debtor who just kept the promise
    expect(f.pushed.revoked).toContainEqual({ userId: ana.id, leaseId: again.leaseId, reason: 'promise_kept' });
    const d = await f.dialer.dial(ana.id, again.leaseId);
    expect(d.ok).toBe(false);
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('promise');
  });

  it('a late payment that keeps a broken promise cancels a line to that debtor still ringing (promise_kept)', async () => {
    f = await dialerFixture(ONE_DEBTOR);
    const { ana, payments, lead } = await brokenPromise(f, 'disp-latepay-ring1');
    await f.settle();
    f.clock.t = Date.parse('2026-11-26T10:00:00-03:00');
    await f.available(ana);
    const again = f.lastLead(ana)!;
    expect(again.leaseId).not.toBe(lead.leaseId);
    const ringing = await f.dialer.dial(ana.id, again.leaseId);
    if (!ringing.ok) throw new Error(ringing.error.message);
    // the boleto paid on the 25th settles now: the promise is kept after all
    const r = await payments.apply({ source: 'boleto', externalId: 'bol-ring-1', document: documentOf(f, lead.debtor.id), contractNumber: null, amountCents: 20_000, paidAt: '2026-11-25', userId: null });
    expect(r).toMatchObject({ ok: true, data: { openContracts: 1 } });
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('promise');
    // the line to the debtor who just kept the promise stops ringing
    expect(f.pushed.cancels).toContainEqual({ userId: ana.id, attemptId: ringing.data.attemptId, reason: 'promise_kept' });
    await f.settle();
    await f.store.dialer.flush();
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(ringing.data.attemptId)).toBe('cancelled');
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('promise');
  });

  it('a payment dated in time that arrives more than 7 days after the promised day counts as a payment, but the broken promise stays broken', async () => {
    f = await dialerFixture(ONE_DEBTOR);
    const { ana, payments, lead } = await brokenPromise(f, 'disp-latepay-8d1');
    await f.settle();
    // a payoff file read on 3/12 (8 days after the date) with a payment dated 25/11
    f.clock.t = Date.parse('2026-12-03T10:00:00-03:00');
    const r = await payments.apply({ source: 'boleto', externalId: 'bol-8d-1', document: documentOf(f, lead.debtor.id), contractNumber: null, amountCents: 20_000, paidAt: '2026-11-25', userId: null });
    expect(r).toMatchObject({ ok: true, data: { openContracts: 1 } });
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('broken');
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBeNull();
    // on the 7th day after the date it would still have been kept
    f.clock.t = Date.parse('2026-12-02T23:00:00-03:00');
    expect(await payments.apply({ source: 'boleto', externalId: 'bol-7d-1', document: documentOf(f, lead.debtor.id), contractNumber: null, amountCents: 1, paidAt: '2026-11-27', userId: null })).toMatchObject({ ok: true });
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
  });

  it('a late payment that keeps a broken promise leaves open a membership row an import revived since the break', async () => {
    f = await dialerFixture(ONE_DEBTOR);
    const { ana, payments, lead } = await brokenPromise(f, 'disp-latepay-imp1');
    await f.settle();
    await f.store.dialer.flush();
    // since the break the row was closed and an import revived it (its revival resets the attempts and the next attempt)
    const rw = new Database(f.file);
    rw.prepare("UPDATE campaign_members SET done_reason = 'paid', done_at = ? WHERE debtor_id = ?").run(f.clock.t, lead.debtor.id);
    rw.prepare('UPDATE campaign_members SET done_reason = NULL, done_at = NULL, attempts = 0, next_attempt_at = 0 WHERE debtor_id = ?').run(lead.debtor.id);
    rw.close();
    f.clock.t = Date.parse('2026-11-26T15:00:00-03:00');
    const r = await payments.apply({ source: 'boleto', externalId: 'bol-imp-1', document: documentOf(f, lead.debtor.id), contractNumber: null, amountCents: 20_000, paidAt: '2026-11-25', userId: null });
    expect(r).toMatchObject({ ok: true, data: { openContracts: 1 } });
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBeNull();
  });

  it('a full payment dated in time after the break keeps the promise; the debtor is out of collection as paid', async () => {
    f = await dialerFixture(ONE_DEBTOR);
    const { ana, payments, lead } = await brokenPromise(f, 'disp-latefull-01');
    f.clock.t = Date.parse('2026-11-27T10:00:00-03:00');
    const r = await payments.apply({ source: 'payoff_csv', externalId: 'full-1', document: documentOf(f, lead.debtor.id), contractNumber: null, amountCents: 50_000, paidAt: '2026-11-25', userId: null });
    expect(r).toMatchObject({ ok: true, data: { openContracts: 0 } });
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('paid');
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'promise' ORDER BY id DESC LIMIT 1").pluck().get())
      .toBe('Promessa cumprida: R$ 200,00 pagos até 25/11/2026 (prometido R$ 200,00) — pagamento em dia recebido depois da quebra');
    await f.available(ana);
    expect(f.lastLead(ana)!.leaseId).toBe(lead.leaseId);
  });

  it('a Pix paid during the call, before the agent records the promise, counts towards it: kept at once; one paid before the call does not', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }, { balance: 40_000, phones: [SP(2)] }] });
    const ana = f.agents[0]!;
    const payments = new PaymentService({ store: f.store.payments, dialer: f.dialer, clock: f.clock });
    const pay = async (debtorId: number, externalId: string, amountCents: number) =>
      expect(await payments.apply({ source: 'pix', externalId, document: documentOf(f!, debtorId), contractNumber: null, amountCents, paidAt: new Date(f!.clock.t).toISOString(), userId: null })).toMatchObject({ ok: true });
    /** The agent talks to the next debtor; `during` runs 30 s into the conversation; the promise is recorded after the call. */
    const callWithPromise = async (key: string, amountCents: number, during: (debtorId: number) => Promise<void>) => {
      await f!.available(ana);
      const lead = f!.lastLead(ana)!;
      const d = await f!.dialer.dial(ana.id, lead.leaseId);
      if (!d.ok) throw new Error(d.error.message);
      await f!.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'answered' });
      f!.clock.t += 30_000;
      await during(lead.debtor.id);
      f!.clock.t += 60_000;
      await f!.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended' });
      f!.clock.t += 20_000;
      expect(await f!.dialer.dispose(ana.id, { leaseId: lead.leaseId, key, outcome: 'promise', promise: { dueDate: '2026-11-30', amountCents } })).toEqual({ ok: true, data: null });
      await f!.settle();
      return lead.debtor.id;
    };
    // the agent sends the Pix code during the call and the debtor pays on the line
    const first = await callWithPromise('disp-during-0001', 10_000, (debtorId) => pay(debtorId, 'E-during-1', 10_000));
    const statusOf = (debtorId: number) => f!.peek.prepare('SELECT status FROM promises WHERE debtor_id = ?').pluck().get(debtorId);
    expect(statusOf(first)).toBe('kept');
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE debtor_id = ? AND kind = 'promise' ORDER BY id").pluck().all(first)).toEqual([
      'Promessa de pagamento: R$ 100,00 até 30/11/2026',
      'Promessa cumprida: R$ 100,00 pagos até 30/11/2026 (prometido R$ 100,00)',
    ]);
    // the other debtor paid a minute before being called: not towards the promise given in the call
    const other = f.peek.prepare('SELECT id FROM debtors WHERE id != ?').pluck().get(first) as number;
    f.clock.t += 5 * MINUTE;
    await pay(other, 'E-before-2', 10_000);
    f.clock.t += MINUTE;
    expect(await callWithPromise('disp-before-0002', 10_000, async () => {})).toBe(other);
    expect(statusOf(other)).toBe('open');
  });

  it('a Pix made on the evening of the promised day (Brasília) keeps the promise, though its UTC date is the next day', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead } = await talkTo(f, ana);
    await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-evening-001', outcome: 'promise', promise: { dueDate: '2026-11-30', amountCents: 15_000 } });
    await f.settle();
    // 22:30 in Brasília on the 30th, as the Pix 'horario' gives it (UTC)
    f.clock.t = Date.parse('2026-11-30T22:31:00-03:00');
    const paid = await f.store.payments.recordPayment({ source: 'pix', externalId: 'E-evening', document: documentOf(f, lead.debtor.id), contractNumber: null, installment: null, amountCents: 15_000, paidAt: '2026-12-01T01:30:00Z', receivedAt: f.clock.t, userId: null });
    expect(paid.ok).toBe(true);
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
    f.clock.t = Date.parse('2026-12-01T09:00:00-03:00');
    expect(await f.dialer.breakOverduePromises()).toBe(0);
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
  });

  it('a payment on the morning after the promised day (Brasília) does not keep it, though it carries an offset that puts it on the day in UTC−5', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead } = await talkTo(f, ana);
    await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-lateoff-01', outcome: 'promise', promise: { dueDate: '2026-11-30', amountCents: 15_000 } });
    // 2026-11-30T23:30-05:00 is 01:30 on 1 December in Brasília: late
    const paid = await f.store.payments.recordPayment({ source: 'webhook:bank', externalId: 'late-1', document: documentOf(f, lead.debtor.id), contractNumber: null, installment: null, amountCents: 15_000, paidAt: '2026-11-30T23:30:00-05:00', receivedAt: f.clock.t, userId: null });
    expect(paid.ok).toBe(true);
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('open');
  });

  it('one payment keeps one promise: payments go to the open promises by due date and count once; payments before the promise do not count', async () => {
    f = await dialerFixture({ agents: 2, debtors: [{ balance: 90_000, phones: [SP(1)] }] });
    const [ana, bia] = [f.agents[0]!, f.agents[1]!];
    const doc = () => documentOf(f!, first.lead.debtor.id);
    const pay = (externalId: string, amountCents: number, paidAt: string) =>
      f!.store.payments.recordPayment({ source: 'test', externalId, document: doc(), contractNumber: null, installment: null, amountCents, paidAt, receivedAt: f!.clock.t, userId: null });
    const first = await talkTo(f, ana);
    // a payment made before any promise was given
    expect((await pay('before', 10_000, '2026-11-24T12:00:00Z')).ok).toBe(true);
    f.clock.t += 5 * MINUTE;
    await f.dialer.dispose(ana.id, { leaseId: first.lead.leaseId, key: 'disp-two-000001', outcome: 'promise', promise: { dueDate: '2026-12-05', amountCents: 10_000 } });
    await f.settle();
    // a supervisor puts the debtor back in the campaign; called again by someone else: a second promise, due earlier
    const rw = new Database(f.file);
    rw.prepare('UPDATE campaign_members SET done_reason = NULL, done_at = NULL, next_attempt_at = 0').run();
    rw.close();
    await f.dialer.reloadCampaign(first.lead.campaignId);
    f.clock.t += 5 * MINUTE;
    const second = await talkTo(f, bia);
    expect(second.lead.debtor.id).toBe(first.lead.debtor.id);
    await f.dialer.dispose(bia.id, { leaseId: second.lead.leaseId, key: 'disp-two-000002', outcome: 'promise', promise: { dueDate: '2026-11-28', amountCents: 10_000 } });
    await f.settle();
    const status = () => f!.peek.prepare('SELECT due_date, status FROM promises ORDER BY due_date').all();
    // the payment made before both promises keeps neither
    expect(status()).toEqual([{ due_date: '2026-11-28', status: 'open' }, { due_date: '2026-12-05', status: 'open' }]);
    // one payment of R$ 100,00: the promise due first is kept, the other stays open
    f.clock.t += 60 * MINUTE;
    expect((await pay('one', 10_000, '2026-11-24T15:00:00Z')).ok).toBe(true);
    expect(status()).toEqual([{ due_date: '2026-11-28', status: 'kept' }, { due_date: '2026-12-05', status: 'open' }]);
    // a further R$ 60,00 is not enough for the second one (the first R$ 100,00 is spent)...
    expect((await pay('two', 6_000, '2026-11-26')).ok).toBe(true);
    expect(status()).toEqual([{ due_date: '2026-11-28', status: 'kept' }, { due_date: '2026-12-05', status: 'open' }]);
    // ...R$ 40,00 more is
    expect((await pay('three', 4_000, '2026-12-02T10:00:00-03:00')).ok).toBe(true);
    expect(status()).toEqual([{ due_date: '2026-11-28', status: 'kept' }, { due_date: '2026-12-05', status: 'kept' }]);
  });

  it('a broken promise counts only the payments it holds (not those made before it was given)', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead } = await talkTo(f, ana);
    const pay = (externalId: string, amountCents: number, paidAt: string) =>
      f!.store.payments.recordPayment({ source: 'test', externalId, document: documentOf(f!, lead.debtor.id), contractNumber: null, installment: null, amountCents, paidAt, receivedAt: f!.clock.t, userId: null });
    // paid the week before the call: not towards the promise
    expect((await pay('old', 30_000, '2026-11-20')).ok).toBe(true);
    f.clock.t += MINUTE;
    await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-partial-01', outcome: 'promise', promise: { dueDate: '2026-11-26', amountCents: 20_000 } });
    await f.settle();
    expect((await pay('part', 5_000, '2026-11-25T18:00:00-03:00')).ok).toBe(true);
    f.clock.t = Date.parse('2026-11-27T09:00:00-03:00');
    expect(await f.dialer.breakOverduePromises()).toBe(1);
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'promise' ORDER BY id DESC LIMIT 1").pluck().get())
      .toBe('Promessa quebrada: R$ 200,00 até 26/11/2026 não pagos (pagos R$ 50,00); devedor de volta à campanha');
  });

  it('recording a new promise keeps at most open promises: a broken one it would reach stays broken and its debtor stays in the campaign (only a payment, which tells the dialer, keeps it)', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead } = await talkTo(f, ana);
    await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-insert-keep1', outcome: 'promise', promise: { dueDate: '2026-11-25', amountCents: 20_000 } });
    await f.settle();
    presenceAway(f, ana);
    f.clock.t = Date.parse('2026-11-26T09:00:00-03:00');
    expect(await f.dialer.breakOverduePromises()).toBe(1);
    await f.settle();
    await f.store.dialer.flush();
    // a payment dated in time stored without being applied (a row from before a fix of the rules)
    const rw = new Database(f.file);
    rw.prepare("INSERT INTO payments (source, external_id, debtor_id, amount_cents, paid_at, received_at) VALUES ('boleto', 'bol-legacy-2', ?, 20000, '2026-11-25', ?)").run(lead.debtor.id, f.clock.t);
    rw.transaction(() => insertPromise(rw, { debtorId: lead.debtor.id, campaignId: lead.campaignId, attemptId: null, userId: ana.id, amountCents: 5_000, dueDate: '2026-11-30', defaultReason: null, at: f!.clock.t }))();
    rw.close();
    expect(f.peek.prepare('SELECT status FROM promises ORDER BY id').pluck().all()).toEqual(['broken', 'open']);
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBeNull();
  });

  it('the sweep keeps, and does not break, an open promise that payments stored before the Brasília-calendar rule reach', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead } = await talkTo(f, ana);
    await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-legacy-001', outcome: 'promise', promise: { dueDate: '2026-11-26', amountCents: 20_000 } });
    await f.settle();
    // a Pix at 21:00 in Brasília on the 26th, stored by the version that read it as the 27th (promise left open)
    const rw = new Database(f.file);
    rw.prepare("INSERT INTO payments (source, external_id, debtor_id, amount_cents, paid_at, received_at) VALUES ('pix', 'E-legacy', ?, 20000, '2026-11-27T00:00:00Z', ?)").run(lead.debtor.id, f.clock.t);
    rw.close();
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('open');
    f.clock.t = Date.parse('2026-11-27T09:00:00-03:00');
    expect(await f.dialer.breakOverduePromises()).toBe(0);
    expect(f.peek.prepare('SELECT status FROM promises').pluck().get()).toBe('kept');
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'promise' ORDER BY id DESC LIMIT 1").pluck().get()).toBe('Promessa cumprida: R$ 200,00 pagos até 26/11/2026 (prometido R$ 200,00)');
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('promise');
  });

  it('a promise date must be between Brasília today and 30 days ahead; the error names the field and nothing is recorded', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead } = await talkTo(f, ana);
    // 23:30 in Brasília on 24/11 is already the 25th in UTC: the 24th is still today
    f.clock.t = Date.parse('2026-11-24T23:30:00-03:00');
    const dispose = (dueDate: string, key: string) => f!.dialer.dispose(ana.id, { leaseId: lead.leaseId, key, outcome: 'promise', promise: { dueDate, amountCents: 10_000 } });
    expect(await dispose('2026-11-23', 'disp-past-00001')).toEqual({ ok: false, error: { code: 'bad_request', message: 'promise.dueDate: the date cannot be before today (2026-11-24)' } });
    expect(await dispose('2099-12-31', 'disp-far-000001')).toEqual({ ok: false, error: { code: 'bad_request', message: 'promise.dueDate: at most 30 days ahead (2026-12-24)' } });
    expect(await dispose('2026-12-25', 'disp-far-000002')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(f.count('SELECT COUNT(*) FROM promises')).toBe(0);
    expect(f.count('SELECT COUNT(*) FROM dispositions')).toBe(0);
    // the refused keys were not taken: the same key with a good date is recorded
    expect(await dispose('2026-12-24', 'disp-far-000002')).toEqual({ ok: true, data: null });
    await f.settle();
    expect(f.peek.prepare('SELECT due_date FROM promises').pluck().all()).toEqual(['2026-12-24']);
  });

  it("wrap-up runs out: the server records 'not_disposed', tells the console and makes the agent ready; the agent's late disposition replaces it", async () => {
    f = await dialerFixture({ agents: 1, settings: { wrapUpSeconds: 30 }, debtors: [{ balance: 50_000, phones: [SP(1)] }, { balance: 10_000, phones: [SP(2)] }] });
    const ana = f.agents[0]!;
    const { lead, call } = await talkTo(f, ana);
    expect(f.presence.get(ana.id)!.state.name).toBe('wrap_up');
    f.clock.t += 29_000;
    await f.dialer.tick();
    expect(f.presence.get(ana.id)!.state.name).toBe('wrap_up');
    f.clock.t += 2_000;
    await f.dialer.tick();
    await f.settle();
    expect(f.pushed.revoked).toContainEqual({ userId: ana.id, leaseId: lead.leaseId, reason: 'wrap_up_timeout' });
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(call.attemptId)).toBe('not_disposed');
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'call'").pluck().get()).toMatch(/tempo de pós-atendimento acabou/);
    expect(f.presence.get(ana.id)!.state.name).not.toBe('wrap_up');
    expect(f.lastLead(ana)!.debtor.id).not.toBe(lead.debtor.id);
    // the console's outbox delivers the agent's own outcome afterwards: it replaces the default
    expect(await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-late-000001', outcome: 'refused', defaultReason: 'disputes_amount' })).toEqual({ ok: true, data: null });
    expect(f.peek.prepare('SELECT outcome, default_reason FROM dial_attempts WHERE id = ?').get(call.attemptId)).toEqual({ outcome: 'refused', default_reason: 'disputes_amount' });
  });

  it('a disposition that reaches a restarted server (same database) is recorded on the lease it held', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead, call } = await talkTo(f, ana);
    const file = f.file;
    await restart(f);
    // the server comes back on the same file (dialerFixture with `file` does not seed again)
    f = await dialerFixture({ debtors: [], file });
    f.presence.connected(ana);
    expect(await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-restart-001', outcome: 'callback', callbackAt: f.clock.t + 60 * MINUTE, callbackFor: 'me' })).toEqual({ ok: true, data: null });
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(call.attemptId)).toBe('callback');
    expect(f.count('SELECT COUNT(*) FROM leases WHERE id = ? AND released_at IS NOT NULL', lead.leaseId)).toBe(1);
    expect(f.count("SELECT COUNT(*) FROM callbacks WHERE debtor_id = ? AND status = 'pending'", lead.debtor.id)).toBe(1);
    // a lease with an outcome already is refused for good, someone else's is not found
    expect(await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-restart-002', outcome: 'rpc' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already has an outcome/) } });
    expect(await f.dialer.dispose((ana.id + 1) as UserId, { leaseId: lead.leaseId, key: 'disp-restart-003', outcome: 'rpc' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a restart longer than the lease TTL: the late disposition is still recorded, with the attempt counts from the store', async () => {
    f = await dialerFixture({ agents: 1, settings: { limits: { ...DEFAULT_CAMPAIGN_SETTINGS.limits, attemptsPerDebtorLifetime: 2 }, retry: { ...DEFAULT_CAMPAIGN_SETTINGS.retry, no_answer: { ...DEFAULT_CAMPAIGN_SETTINGS.retry.no_answer, delayMinutes: 0 } } }, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    // a first call nobody answers, then the second is answered
    await f.available(ana);
    const first = await f.dialer.dial(ana.id, f.lastLead(ana)!.leaseId);
    if (!first.ok) throw new Error(first.error.message);
    await f.dialer.callEvent(ana.id, { attemptId: first.data.attemptId, event: 'ended', outcome: 'no_answer' });
    f.clock.t += 60_000;
    await f.settle();
    const { lead, call } = await talkTo(f, ana);
    await f.settle();
    const file = f.file;
    const t = f.clock.t;
    await restart(f);
    // down for 5 minutes: start() closes the lease (TTL 120 s) without an outcome
    f = await dialerFixture({ debtors: [], file, start: t + 5 * MINUTE });
    expect(f.count('SELECT COUNT(*) FROM leases WHERE id = ? AND released_at IS NOT NULL', lead.leaseId)).toBe(1);
    f.presence.connected(ana);
    expect(await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-ttl-0000001', outcome: 'refused', defaultReason: 'disputes_amount' })).toEqual({ ok: true, data: null });
    await f.settle();
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(call.attemptId)).toBe('refused');
    // two attempts of a lifetime limit of 2: the debtor is done (a restored lease counting from 0 kept it in the campaign)
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('attempt_limit');
  });

  it('a late disposition after the wrap-up timeout is refused for good once the debtor was called again', async () => {
    f = await dialerFixture({ agents: 2, settings: { wrapUpSeconds: 30 }, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const [ana, bia] = [f.agents[0]!, f.agents[1]!];
    const { lead, call } = await talkTo(f, ana);
    presenceAway(f, ana);
    f.clock.t += 31_000;
    await f.dialer.tick();
    await f.settle();
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(call.attemptId)).toBe('not_disposed');
    // Bia gets the debtor again and records a promise
    f.clock.t = Date.parse('2026-11-25T10:00:00-03:00');
    const b = await talkTo(f, bia);
    expect(b.lead.debtor.id).toBe(lead.debtor.id);
    expect(await f.dialer.dispose(bia.id, { leaseId: b.lead.leaseId, key: 'disp-bia-0000001', outcome: 'promise', promise: { dueDate: '2026-11-30', amountCents: 10_000 } })).toEqual({ ok: true, data: null });
    await f.settle();
    // Ana's outbox resends hers: refused, nothing changed
    const late = await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-ana-late-01', outcome: 'promise', promise: { dueDate: '2026-11-28', amountCents: 20_000 } });
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/called again/) } });
    await f.settle();
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(call.attemptId)).toBe('not_disposed');
    expect(f.count('SELECT COUNT(*) FROM promises WHERE debtor_id = ?', lead.debtor.id)).toBe(1);
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('promise');
  });

  it('a late disposition more than 24 h after its call is refused for good', async () => {
    f = await dialerFixture({ agents: 1, settings: { wrapUpSeconds: 30 }, debtors: [{ balance: 50_000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    const { lead, call } = await talkTo(f, ana);
    presenceAway(f, ana);
    f.clock.t += 31_000;
    await f.dialer.tick();
    await f.settle();
    f.clock.t += 25 * 60 * MINUTE;
    expect(await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-old-0000001', outcome: 'refused' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/24 h/) } });
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(call.attemptId)).toBe('not_disposed');
    // within the day it would have been taken
    f.clock.t -= 2 * 60 * MINUTE;
    expect(await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, key: 'disp-old-0000002', outcome: 'refused' })).toEqual({ ok: true, data: null });
  });
});

/** The server stops (the file stays for the next dialerFixture({ file })). */
async function restart(fx: DialerFixture) {
  await fx.store.close().catch(() => undefined);
  fx.dialer.stop();
  fx.presence.stop();
  fx.peek.close();
}

/** The agent pauses (so the queue is not worked while the test moves the clock). */
function presenceAway(fx: DialerFixture, agent: PublicUser) {
  fx.presence.dispatch(agent.id, { type: 'pause', reason: 'lunch' });
}
