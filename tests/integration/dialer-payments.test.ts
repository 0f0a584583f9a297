import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialMode } from '../../shared/dialer';
import type { DebtorId, UserId } from '../../shared/ids';
import { seededRng } from '../../server/src/domain/random';
import { dialerFixture, type DialerFixture } from '../support/dialer-fixture';

let f: DialerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

const phone = (i: number) => `+5511${String(970000000 + i)}`;

describe('a payment stops collection at once (real SQLite file)', () => {
  it("the dialer's late write does not overwrite the reason a transaction gave the row meanwhile (an agreement made while the lead was on screen)", async () => {
    f = await dialerFixture({ mode: 'preview', agents: 1, debtors: [{ balance: 9000, phones: [phone(1)] }] });
    const [a] = f.agents;
    await f.available(a!);
    const lead = f.lastLead(a!)!;
    // an agreement's transaction closes the open rows of the debtor (negotiation.ts)
    const rw = new Database(f.file);
    rw.prepare("UPDATE campaign_members SET done_reason = 'agreement', done_at = ? WHERE debtor_id = ? AND done_reason IS NULL").run(f.clock.t, lead.debtor.id);
    rw.close();
    // then a payment of everything stops the debtor: the lead on screen ends, its write comes after
    expect(f.dialer.stopDebtor(lead.debtor.id, 9000)).toMatchObject({ revokedLeads: 1 });
    await f.settle();
    await f.store.dialer.flush();
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('agreement');
  });

  it('a ringing line is cancelled, a lead on screen vanishes, an agent talking is told; the debtor is never offered again', async () => {
    f = await dialerFixture({ mode: 'preview', agents: 3, debtors: [{ balance: 9000, phones: [phone(1)] }, { balance: 8000, phones: [phone(2)] }, { balance: 7000, phones: [phone(3)] }, { balance: 10, phones: [phone(4)] }] });
    const [a, b, c] = f.agents;
    await f.available(a!);
    await f.available(b!);
    await f.available(c!);
    const leadA = f.lastLead(a!)!;
    const leadB = f.lastLead(b!)!;
    const leadC = f.lastLead(c!)!;
    const ringing = await f.dialer.dial(a!.id, leadA.leaseId);
    const talking = await f.dialer.dial(c!.id, leadC.leaseId);
    if (!ringing.ok || !talking.ok) throw new Error('dial failed');
    await f.dialer.callEvent(c!.id, { attemptId: talking.data.attemptId, event: 'answered' });

    // as PaymentService does: the payment's transaction (it closes the debtor's rows as paid), then stopDebtor
    await f.recordPayment(leadA.debtor.id, 9000);
    expect(f.dialer.stopDebtor(leadA.debtor.id, 9000)).toEqual({ cancelledLines: 1, revokedLeads: 0, liveCalls: 0 });
    expect(f.pushed.cancels).toContainEqual({ userId: a!.id, attemptId: ringing.data.attemptId, reason: 'paid' });
    await f.recordPayment(leadB.debtor.id, 8000);
    expect(f.dialer.stopDebtor(leadB.debtor.id, 8000)).toEqual({ cancelledLines: 0, revokedLeads: 1, liveCalls: 0 });
    expect(f.pushed.revoked).toContainEqual({ userId: b!.id, leaseId: leadB.leaseId, reason: 'paid' });
    await f.recordPayment(leadC.debtor.id, 7000);
    expect(f.dialer.stopDebtor(leadC.debtor.id, 7000)).toEqual({ cancelledLines: 0, revokedLeads: 0, liveCalls: 1 });
    expect(f.pushed.paid).toEqual([{ userId: c!.id, leaseId: leadC.leaseId, amountCents: 7000 }]);
    await f.settle();

    expect(f.presence.get(a!.id)!.state.name).toBe('available');
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(ringing.data.attemptId)).toBe('cancelled');
    // the agent talking finishes the call: its outcome is recorded, the row stays as the payment closed it
    await f.dialer.callEvent(c!.id, { attemptId: talking.data.attemptId, event: 'ended' });
    await f.dialer.dispose(c!.id, { leaseId: leadC.leaseId, outcome: 'rpc' });
    await f.settle();
    await f.store.dialer.flush();
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(talking.data.attemptId)).toBe('rpc');
    const done = f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id IN (?, ?, ?) ORDER BY debtor_id').pluck().all(leadA.debtor.id, leadB.debtor.id, leadC.debtor.id);
    expect(done).toEqual(['paid', 'paid', 'paid']);
    // days later, only the unpaid debtor is ever offered again
    f.clock.t += 3 * 86_400_000;
    await f.dialer.reloadCampaign(f.campaignId);
    const offered = new Set<number>();
    for (const agent of [a!, b!, c!]) {
      f.presence.dispatch(agent.id, { type: 'pause', reason: 'break' });
      const lead = await f.dialer.nextLead(agent.id);
      if (lead) offered.add(lead.debtor.id);
    }
    expect([...offered].every((id) => ![leadA.debtor.id, leadB.debtor.id, leadC.debtor.id].includes(id as DebtorId))).toBe(true);
  });

  it.each(['preview', 'progressive', 'predictive'] as DialMode[])('randomized: payments interleaved with 12 agents working %s leads — zero dials after a payment is acknowledged', async (mode) => {
    const debtors = Array.from({ length: 150 }, (_, i) => ({ balance: 1000 + i, phones: [phone(i), phone(1000 + i)] }));
    f = await dialerFixture({ mode, agents: 12, debtors, settings: { limits: { attemptsPerPhonePerDay: 10, attemptsPerDebtorPerDay: 20, attemptsPerDebtorLifetime: 100 } } });
    const fx = f;
    const rng = seededRng(mode.length * 7919);
    const paid = new Set<number>();
    const violations: string[] = [];
    const lastDial = new Map<UserId, { attemptId: number; leaseId: number }>();
    let dials = 0;
    const dialsAfterPayment = (debtorId: number, where: string) => {
      if (paid.has(debtorId)) violations.push(`${where}: debtor ${debtorId} dialed after its payment`);
    };
    // every dial command, from any path (agent's click, progressive, predictive), is checked when produced
    const pushDial = fx.pushed.dials.push.bind(fx.pushed.dials);
    fx.pushed.dials.push = (...items) => {
      for (const d of items) {
        dialsAfterPayment(d.command.debtorId, 'push');
        lastDial.set(d.userId, d.command);
        dials++;
      }
      return pushDial(...items);
    };
    for (const agent of fx.agents) await fx.available(agent);

    const agentLoop = async (id: UserId) => {
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, rng() * 3));
        const mine = lastDial.get(id);
        const lead = [...fx.pushed.leads].reverse().find((l) => l.userId === id)?.lead;
        if (mode === 'preview' && lead && mine?.leaseId !== lead.leaseId) {
          const r = await fx.dialer.dial(id, lead.leaseId);
          if (r.ok) {
            dialsAfterPayment(r.data.debtorId, 'dial()');
            lastDial.set(id, r.data);
            dials++;
          }
          continue;
        }
        if (mine) {
          if (rng() < 0.3) {
            const answered = await fx.dialer.callEvent(id, { attemptId: mine.attemptId, event: 'answered' });
            if (answered.ok && answered.data?.connect) {
              await fx.dialer.callEvent(id, { attemptId: mine.attemptId, event: 'ended' });
              await fx.dialer.dispose(id, { leaseId: mine.leaseId, outcome: 'refused' });
            }
          } else {
            await fx.dialer.callEvent(id, { attemptId: mine.attemptId, event: 'ended', outcome: 'no_answer' });
          }
        }
      }
    };
    const payments = async () => {
      for (let i = 0; i < 60; i++) {
        await new Promise((r) => setTimeout(r, rng() * 4));
        const debtorId = 1 + Math.floor(rng() * debtors.length);
        // as PaymentService does: the payment's transaction closes the rows, then the dialer stops the debtor
        await fx.recordPayment(debtorId, debtors[debtorId - 1]!.balance);
        fx.dialer.stopDebtor(debtorId as DebtorId, 100);
        paid.add(debtorId); // acknowledged: from here on, no dial may name this debtor
      }
    };
    const pacer = async () => {
      for (let i = 0; i < 60; i++) {
        await new Promise((r) => setTimeout(r, 2));
        fx.clock.t += 1000;
        await fx.dialer.tick();
      }
    };
    await Promise.all([...fx.agents.map((a) => agentLoop(a.id)), payments(), pacer()]);
    await fx.settle();
    expect(violations).toEqual([]);
    expect(dials).toBeGreaterThan(20); // the floor really worked
    expect(paid.size).toBeGreaterThan(30);
    await fx.store.dialer.flush();
    // every paid debtor's row is closed as paid (the dialer's late writes left the payment's close as it was)
    expect(fx.count("SELECT COUNT(*) FROM campaign_members WHERE done_reason = 'paid'")).toBe(paid.size);
  });

  it("the dialer writes no 'paid' of its own: its writes, held while a mailing import revives the paid debtors for a new debt, leave their rows open", async () => {
    f = await dialerFixture({ mode: 'preview', agents: 3, debtors: [{ balance: 9000, phones: [phone(1)] }, { balance: 8000, phones: [phone(2)] }, { balance: 7000, phones: [phone(3)] }] });
    const [a, b, c] = f.agents;
    await f.available(a!);
    await f.available(b!);
    const onScreen = f.lastLead(a!)!;
    const talking = f.lastLead(b!)!;
    const queued = ([1, 2, 3] as DebtorId[]).find((id) => id !== onScreen.debtor.id && id !== talking.debtor.id)!;
    const call = await f.dialer.dial(b!.id, talking.leaseId);
    if (!call.ok) throw new Error('dial failed');
    await f.dialer.callEvent(b!.id, { attemptId: call.data.attemptId, event: 'answered' });
    await f.settle();
    await f.store.dialer.flush();

    // each pays everything: the payment's transaction closes its row as paid
    for (const [id, cents] of [[onScreen.debtor.id, 9000], [talking.debtor.id, 8000], [queued, 7000]] as const) await f.recordPayment(id, cents);
    // a mailing import takes the write lock (one transaction for its whole file): the dialer's writes wait in its journal
    const importer = new Database(f.file);
    importer.prepare('BEGIN IMMEDIATE').run();
    expect(f.dialer.stopDebtor(onScreen.debtor.id, 9000)).toMatchObject({ revokedLeads: 1 });
    expect(f.dialer.stopDebtor(talking.debtor.id, 8000)).toMatchObject({ liveCalls: 1 });
    f.dialer.stopDebtor(queued, 7000);
    await f.dialer.callEvent(b!.id, { attemptId: call.data.attemptId, event: 'ended' });
    await f.dialer.dispose(b!.id, { leaseId: talking.leaseId, outcome: 'rpc' });
    await f.settle();
    // the file brings each a new open contract: their rows are revived as MEMBER_OWES_AGAIN_SQL does, and it commits
    for (const id of [onScreen.debtor.id, talking.debtor.id, queued]) {
      importer.prepare("INSERT INTO contracts (debtor_id, portfolio_id, number, product, original_amount_cents, due_date) VALUES (?, 1, ?, 'cartão', 5000, '2026-10-10')").run(id, `NOVO-${id}`);
    }
    expect(importer.prepare("UPDATE campaign_members SET done_reason = NULL, done_at = NULL, attempts = 0, next_attempt_at = 0 WHERE done_reason = 'paid'").run().changes).toBe(3);
    importer.prepare('COMMIT').run();
    importer.close();

    // then the dialer's held writes land: the call's outcome and the leases, no membership close
    await f.store.dialer.flush();
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(call.data.attemptId)).toBe('rpc');
    expect(f.count('SELECT COUNT(*) FROM leases WHERE released_at IS NULL')).toBe(0);
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members ORDER BY debtor_id').pluck().all()).toEqual([null, null, null]);
    // the import's reload lifts the stops: the next day, each is offered again
    f.clock.t += 86_400_000;
    await f.dialer.reloadCampaign(f.campaignId, { resumeOwing: true });
    const offered = new Set<number>();
    for (const agent of [a!, b!, c!]) {
      if (agent !== c) f.presence.dispatch(agent.id, { type: 'pause', reason: 'break' });
      const lead = await f.dialer.nextLead(agent.id);
      if (lead) offered.add(lead.debtor.id);
    }
    expect([...offered].sort()).toEqual([1, 2, 3]);
  });

  it('a reload after a mailing import lifts the stop of a debtor owing again, never of one still paid, nor of one paid while the leads were read', async () => {
    f = await dialerFixture({ mode: 'preview', agents: 1, debtors: [{ balance: 9000, phones: [phone(1)] }, { balance: 8000, phones: [phone(2)] }, { balance: 7000, phones: [phone(3)] }] });
    const [owesAgain, stillPaid, paidDuringRead] = [1 as DebtorId, 2 as DebtorId, 3 as DebtorId];
    f.dialer.stopDebtor(owesAgain, 9000);
    f.dialer.stopDebtor(stillPaid, 8000);
    await f.settle();
    // as a mailing import leaves them: the first owes a new contract and is a member again; the second paid everything
    const db = new Database(f.file);
    db.prepare('UPDATE campaign_members SET done_reason = NULL, done_at = NULL').run();
    db.prepare("UPDATE contracts SET status = 'paid' WHERE debtor_id = ?").run(stillPaid);
    db.close();
    const queued = () => f!.dialer.campaignStats(f!.campaignId)!.leadsReady + f!.dialer.campaignStats(f!.campaignId)!.leadsWaiting;
    // a reload for another reason (settings) keeps every stop
    await f.dialer.reloadCampaign(f.campaignId);
    expect(queued()).toBe(1); // the third debtor, never stopped

    // the import's reload: the third debtor's payment is acknowledged after the import's reload read the members, before it used them
    const store = f.store.dialer;
    const loadLeads = store.loadLeads.bind(store);
    store.loadLeads = async (campaignId) => {
      const leads = await loadLeads(campaignId);
      f!.dialer.stopDebtor(paidDuringRead, 7000);
      return leads;
    };
    await f.dialer.reloadCampaign(f.campaignId, { resumeOwing: true });
    store.loadLeads = loadLeads;
    expect(queued()).toBe(1);
    expect((await f.dialer.nextLead(f.agents[0]!.id))?.debtor.id).toBe(owesAgain);
  });
});
