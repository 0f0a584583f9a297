import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaseId } from '../../shared/ids';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../shared/dialer';
import { dialerFixture, MINUTE, TUESDAY_10H, type DialerFixture } from '../support/dialer-fixture';

let f: DialerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

const SP = (n: number) => `+5511990000${String(n).padStart(3, '0')}`;
const RJ = (n: number) => `+5521990000${String(n).padStart(3, '0')}`;

describe('dialer: leads, leases and retry rules (real SQLite file)', () => {
  it('preview: a ready agent gets the highest-balance lead, masked; dialing presents a same-DDD caller ID; busy is retried 15 min later', async () => {
    f = await dialerFixture({ debtors: [{ balance: 10_000, phones: [SP(1)] }, { balance: 90_000, phones: [RJ(2)] }, { balance: 50_000, phones: [SP(3)] }] });
    const [ana] = f.agents;
    await f.available(ana!);
    const lead = f.lastLead(ana!)!;
    expect(lead).toMatchObject({ mode: 'preview', debtor: { name: 'Devedor 2' }, phone: { masked: '(21) *****-0002', ddd: '21' } });
    expect(lead.debtor.document).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);

    const dialed = await f.dialer.dial(ana!.id, lead.leaseId);
    expect(dialed.ok && dialed.data).toMatchObject({ to: RJ(2), callerId: '+552130000001', predictive: false });
    expect(f.presence.get(ana!.id)!.state.name).toBe('dialing');
    if (!dialed.ok) return;

    f.clock.t += 20_000;
    expect((await f.dialer.callEvent(ana!.id, { attemptId: dialed.data.attemptId, event: 'ended', outcome: 'busy', sipCode: 486 })).ok).toBe(true);
    expect(f.peek.prepare('SELECT outcome, sip_code, caller_id FROM dial_attempts').get()).toEqual({ outcome: 'busy', sip_code: 486, caller_id: '+552130000001' });
    expect(f.peek.prepare('SELECT next_attempt_at FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe(f.clock.t + 15 * MINUTE);
    await f.settle();
    expect(f.count('SELECT COUNT(*) FROM leases WHERE released_at IS NULL')).toBe(1); // the next lead, already leased
    // back to ready at once (no wrap-up for a busy signal), and the next lead is the 500,00 one
    expect(f.presence.get(ana!.id)!.state.name).toBe('available');
    expect(f.lastLead(ana!)!.debtor.name).toBe('Devedor 3');
  });

  it('progressive: the lead is dialed as soon as it is assigned', async () => {
    f = await dialerFixture({ mode: 'progressive', debtors: [{ balance: 1000, phones: [SP(1)] }] });
    await f.available(f.agents[0]!);
    expect(f.pushed.dials).toHaveLength(1);
    expect(f.pushed.dials[0]!.command).toMatchObject({ to: SP(1), callerId: '+551130000001' });
    expect(f.presence.get(f.agents[0]!.id)!.state.name).toBe('dialing');
  });

  it('two agents never get the same debtor, even when 50 requests race', async () => {
    f = await dialerFixture({ agents: 2, debtors: Array.from({ length: 30 }, (_, i) => ({ balance: 1000 + i, phones: [SP(i)] })) });
    const fx = f;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => fx.dialer.nextLead(fx.agents[i % 2]!.id)));
    const leads = results.filter((l) => l !== null);
    expect(leads).toHaveLength(30);
    expect(new Set(leads.map((l) => l.debtor.id)).size).toBe(30);
    await f.settle();
    expect(f.count('SELECT COUNT(*) FROM leases WHERE released_at IS NULL')).toBe(30);
  });

  it('an agent who goes offline gives its lead back at once', async () => {
    f = await dialerFixture({ agents: 2, debtors: [{ balance: 1000, phones: [SP(1)] }] });
    const [a, b] = f.agents;
    await f.available(a!);
    const lead = f.lastLead(a!)!;
    f.presence.loggedOut(a!.id);
    await f.settle();
    expect(f.count('SELECT COUNT(*) FROM leases WHERE released_at IS NULL')).toBe(0);
    await f.available(b!);
    expect(f.lastLead(b!)!.debtor.id).toBe(lead.debtor.id);
  });

  it('a crashed server: its open lease keeps the debtor until it expires, then the lead returns', async () => {
    f = await dialerFixture({ agents: 2, leaseTtlMs: 2 * MINUTE, debtors: [{ balance: 1000, phones: [SP(1)] }] });
    const [a, b] = f.agents;
    await f.available(a!);
    expect(f.lastLead(a!)).toBeDefined();
    await f.settle(); // the lease is written (within milliseconds of being decided)
    const file = f.file;
    // the process dies: nothing is closed or released
    f.dialer.stop();
    f.peek.close();
    await f.store.close();

    const restarted = await dialerFixture({ file, start: TUESDAY_10H + MINUTE, leaseTtlMs: 2 * MINUTE, debtors: [] });
    f = restarted;
    expect(await restarted.dialer.nextLead(b!.id)).toBeNull();
    restarted.clock.t = TUESDAY_10H + 2 * MINUTE + 1;
    await restarted.dialer.sweepLeases(restarted.clock.t);
    const lead = await restarted.dialer.nextLead(b!.id);
    expect(lead?.debtor.name).toBe('Devedor 1');
    await restarted.settle();
    expect(restarted.count('SELECT COUNT(*) FROM leases WHERE released_at IS NULL')).toBe(1);
  });

  it('a connected agent keeps its lease alive; an expired one is revoked and the lead returns', async () => {
    f = await dialerFixture({ agents: 2, leaseTtlMs: MINUTE, debtors: [{ balance: 1000, phones: [SP(1)] }] });
    const [a, b] = f.agents;
    await f.available(a!);
    f.clock.t += 5 * MINUTE;
    await f.dialer.sweepLeases(f.clock.t);
    expect(f.pushed.revoked).toHaveLength(0);
    expect(await f.dialer.nextLead(b!.id)).toBeNull();
  });

  it('per-phone daily cap moves to the next phone; the per-debtor cap defers the debtor to tomorrow 08:00', async () => {
    f = await dialerFixture({
      agents: 1,
      debtors: [{ balance: 1000, phones: [SP(1), SP(2)] }],
      settings: { limits: { attemptsPerPhonePerDay: 2, attemptsPerDebtorPerDay: 3, attemptsPerDebtorLifetime: 60 }, retry: { ...DEFAULT_CAMPAIGN_SETTINGS.retry, no_answer: { delayMinutes: 0, final: false } } },
    });
    const ana = f.agents[0]!;
    const dialedNumbers: string[] = [];
    await f.available(ana);
    for (let i = 0; i < 3; i++) {
      const lead = f.lastLead(ana)!;
      const d = await f.dialer.dial(ana.id, lead.leaseId);
      if (!d.ok) throw new Error(d.error.message);
      dialedNumbers.push(d.data.to);
      f.clock.t += 30_000;
      await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended', outcome: 'no_answer' });
      await f.settle();
    }
    expect(f.pushed.leads).toHaveLength(3);
    // never-tried first, then the least tried today
    expect(dialedNumbers).toEqual([SP(1), SP(2), SP(1)]);
    expect(await f.dialer.nextLead(ana.id)).toBeNull();
    // tomorrow (Wednesday) 08:00 Brasília = 11:00 UTC
    expect(f.peek.prepare('SELECT next_attempt_at FROM campaign_members').pluck().get()).toBe(Date.parse('2026-11-25T11:00:00Z'));
    f.clock.t = Date.parse('2026-11-25T11:00:00Z');
    expect((await f.dialer.nextLead(ana.id))?.phone.masked).toBe('(11) *****-0002');
  });

  it('a promise takes the debtor out of the campaign; a wrong number flags the phone', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 2000, phones: [SP(1), SP(2)] }, { balance: 1000, phones: [SP(3)] }] });
    const ana = f.agents[0]!;
    await f.available(ana);
    let lead = f.lastLead(ana)!;
    let d = await f.dialer.dial(ana.id, lead.leaseId);
    if (!d.ok) throw new Error(d.error.message);
    await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'answered' });
    expect(f.presence.get(ana.id)!.state.name).toBe('on_call');
    await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended' });
    expect(f.presence.get(ana.id)!.state.name).toBe('wrap_up');
    expect((await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, outcome: 'wrong_number' })).ok).toBe(true);
    expect(f.peek.prepare('SELECT status, status_by FROM phones WHERE e164 = ?').get(SP(1))).toEqual({ status: 'wrong_number', status_by: ana.id });
    await f.settle();
    expect(f.presence.get(ana.id)!.state.name).toBe('available');

    // ready again: after a wrong number the same debtor comes back at once, on its other phone
    lead = f.lastLead(ana)!;
    expect(lead).toMatchObject({ debtor: { name: 'Devedor 1' }, phone: { masked: '(11) *****-0002' } });
    d = await f.dialer.dial(ana.id, lead.leaseId);
    if (!d.ok) throw new Error(d.error.message);
    await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'answered' });
    await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended' });
    await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, outcome: 'promise', note: 'paga dia 30' });
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('promise');
    expect(f.peek.prepare('SELECT note FROM dial_attempts WHERE id = ?').pluck().get(d.data.attemptId)).toBe('paga dia 30');
    await f.settle();
    expect(f.lastLead(ana)!.debtor.name).toBe('Devedor 2');
    // days later, Devedor 1 (promise) is still out
    f.clock.t += 2 * 24 * 60 * MINUTE;
    expect(await f.dialer.nextLead(ana.id)).toBeNull();
    expect(f.dialer.campaignStats(f.campaignId)).toMatchObject({ leadsReady: 0, leased: 1 });
  });

  it('callbacks come first when due: "for me" to that agent, "for anyone" to whoever is ready', async () => {
    f = await dialerFixture({ agents: 2, debtors: [{ balance: 9000, phones: [SP(1)] }, { balance: 5000, phones: [SP(2)] }, { balance: 1000, phones: [SP(3)] }] });
    const [a, b] = f.agents;
    const first = (await f.dialer.nextLead(a!.id))!;
    f.presence.connected(a!);
    f.presence.dispatch(a!.id, { type: 'goAvailable' });
    const d = await f.dialer.dial(a!.id, first.leaseId);
    if (!d.ok) throw new Error(d.error.message);
    await f.dialer.callEvent(a!.id, { attemptId: d.data.attemptId, event: 'answered' });
    await f.dialer.callEvent(a!.id, { attemptId: d.data.attemptId, event: 'ended' });
    const bad = await f.dialer.dispose(a!.id, { leaseId: first.leaseId, outcome: 'callback', callbackAt: f.clock.t - 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const at = f.clock.t + 30 * MINUTE;
    expect((await f.dialer.dispose(a!.id, { leaseId: first.leaseId, outcome: 'callback', callbackAt: at, callbackFor: 'me' })).ok).toBe(true);
    await f.settle();
    // A is ready again and gets the next lead; the callback waits for its time
    expect(f.lastLead(a!)!.debtor.name).toBe('Devedor 2');
    expect((await f.dialer.nextLead(b!.id))?.debtor.name).toBe('Devedor 3');
    f.clock.t = at;
    expect(await f.dialer.nextLead(b!.id)).toBeNull(); // due, but A's
    const cb = await f.dialer.nextLead(a!.id);
    expect(cb).toMatchObject({ debtor: { name: 'Devedor 1' }, callbackAt: at });
    expect(f.count("SELECT COUNT(*) FROM callbacks WHERE status = 'pending' AND user_id = ?", a!.id)).toBe(1);
  });

  it('outside the campaign hours (and on Sunday) nobody gets a lead', async () => {
    f = await dialerFixture({ agents: 1, start: Date.parse('2026-11-24T23:00:00Z') /* 20:00 Brasília */, debtors: [{ balance: 1000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    expect(await f.dialer.nextLead(ana.id)).toBeNull();
    f.clock.t = Date.parse('2026-11-24T22:59:00Z'); // 19:59
    expect(await f.dialer.nextLead(ana.id)).not.toBeNull();
    await f.close();
    f = await dialerFixture({ agents: 1, start: Date.parse('2026-11-29T15:00:00Z') /* Sunday 12:00 */, debtors: [{ balance: 1000, phones: [SP(1)] }] });
    expect(await f.dialer.nextLead(f.agents[0]!.id)).toBeNull();
  });

  it('predictive: the pacer rings lines for ready agents; the first answer connects and cancels the agent\'s other lines; an answer with no free agent is an abandon', async () => {
    f = await dialerFixture({ mode: 'predictive', agents: 2, debtors: Array.from({ length: 40 }, (_, i) => ({ balance: 1000 + i, phones: [SP(i)] })) });
    const [a, b] = f.agents;
    await f.available(a!);
    await f.available(b!);
    expect(f.pushed.leads).toHaveLength(0); // predictive leads come from the pacer, not on ready
    await f.dialer.tick();
    const linesA = f.pushed.dials.filter((x) => x.userId === a!.id);
    const linesB = f.pushed.dials.filter((x) => x.userId === b!.id);
    expect(linesA.length).toBeGreaterThanOrEqual(1);
    expect(linesB.length).toBeGreaterThanOrEqual(1);
    expect(f.pushed.dials.every((x) => x.command.predictive)).toBe(true);
    expect(new Set(f.pushed.dials.map((x) => x.command.debtorId)).size).toBe(f.pushed.dials.length);

    f.clock.t += 8000;
    const answered = await f.dialer.callEvent(a!.id, { attemptId: linesA[0]!.command.attemptId, event: 'answered' });
    expect(answered).toEqual({ ok: true, data: { connect: true } });
    expect(f.presence.get(a!.id)!.state.name).toBe('on_call');
    const cancelled = f.pushed.cancels.filter((c) => c.userId === a!.id).map((c) => c.attemptId);
    expect(cancelled.sort()).toEqual(linesA.slice(1).map((l) => l.command.attemptId).sort());
    for (const id of cancelled) expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(id)).toBe('cancelled');

    // B pauses while its line still rings; the person answers: nobody to take the call
    f.presence.dispatch(b!.id, { type: 'pause', reason: 'lunch' });
    const late = await f.dialer.callEvent(b!.id, { attemptId: linesB[0]!.command.attemptId, event: 'answered' });
    expect(late).toEqual({ ok: true, data: { connect: false } });
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(linesB[0]!.command.attemptId)).toBe('abandoned');
  });

  it("predictive: the campaign's smallTeamAnswersPerFreeAgent reaches the pacer (more rings more lines for the same idle team)", async () => {
    const linesRung = async (smallTeamAnswersPerFreeAgent: number) => {
      await f?.close();
      f = await dialerFixture({ mode: 'predictive', agents: 2, settings: { pacing: { ...DEFAULT_CAMPAIGN_SETTINGS.pacing, smallTeamAnswersPerFreeAgent } }, debtors: Array.from({ length: 40 }, (_, i) => ({ balance: 1000 + i, phones: [SP(i)] })) });
      for (const agent of f.agents) await f.available(agent);
      await f.dialer.tick();
      return f.pushed.dials.length;
    };
    const byDefault = await linesRung(0.4);
    const most = await linesRung(1);
    expect(byDefault).toBeGreaterThanOrEqual(2);
    expect(most).toBeGreaterThan(byDefault);
    expect(most).toBeLessThanOrEqual(2 * DEFAULT_CAMPAIGN_SETTINGS.pacing.maxLinesPerAgent);
  });

  it('predictive: the instant a person answers, the pacer is asked again and cancels the lines no agent is left for', async () => {
    f = await dialerFixture({ mode: 'predictive', agents: 2, debtors: Array.from({ length: 40 }, (_, i) => ({ balance: 1000 + i, phones: [SP(i)] })) });
    const [a, b] = f.agents;
    await f.available(a!);
    await f.available(b!);
    await f.dialer.tick();
    const linesA = f.pushed.dials.filter((x) => x.userId === a!.id);
    const linesB = f.pushed.dials.filter((x) => x.userId === b!.id);
    expect(linesB.length).toBeGreaterThanOrEqual(1);
    // B pauses while its lines ring; A's first line answers: A takes it, nobody is left for B's lines
    f.presence.dispatch(b!.id, { type: 'pause', reason: 'lunch' });
    f.clock.t += 3000;
    expect(await f.dialer.callEvent(a!.id, { attemptId: linesA[0]!.command.attemptId, event: 'answered' })).toEqual({ ok: true, data: { connect: true } });
    const byPacing = f.pushed.cancels.filter((c) => c.reason === 'pacing').map((c) => c.attemptId);
    expect(byPacing.sort()).toEqual(linesB.map((l) => l.command.attemptId).sort());
    for (const id of byPacing) expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(id)).toBe('cancelled');
  });

  it('a long writer (a mailing import) holding the database does not stall the dialer; its writes land, in order, once the lock is gone', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 2000, phones: [SP(1)] }, { balance: 1000, phones: [SP(2)] }] });
    const ana = f.agents[0]!;
    const importer = new Database(f.file);
    importer.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      await f.available(ana);
      const lead = f.lastLead(ana)!;
      const d = await f.dialer.dial(ana.id, lead.leaseId);
      if (!d.ok) throw new Error(d.error.message);
      await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended', outcome: 'busy' });
      await f.settle();
      expect(f.lastLead(ana)!.debtor.name).toBe('Devedor 2');
      expect(performance.now() - started).toBeLessThan(1000); // the busy timeout is 5 s: nothing waited for it
      expect(f.count('SELECT COUNT(*) FROM dial_attempts')).toBe(0);
    } finally {
      importer.exec('COMMIT');
      importer.close();
    }
    await new Promise((r) => setTimeout(r, 250));
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts').pluck().all()).toEqual(['busy']);
    expect(f.count('SELECT COUNT(*) FROM leases')).toBe(2);
    expect(f.count('SELECT COUNT(*) FROM leases WHERE released_at IS NULL')).toBe(1);
  });

  it('contact policy at the instant of dialing: a lead prepared at 19:59 in São Paulo does not ring at 20:00:01', async () => {
    f = await dialerFixture({ agents: 1, start: Date.parse('2026-11-24T22:59:00Z'), debtors: [{ balance: 1000, phones: [SP(1)] }] });
    const ana = f.agents[0]!;
    await f.available(ana);
    const lead = f.lastLead(ana)!;
    f.clock.t = Date.parse('2026-11-24T23:00:01Z');
    const r = await f.dialer.dial(ana.id, lead.leaseId);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Contato bloqueado: fora do horário permitido (SP, 20:00 no horário local)' } });
    expect(f.pushed.revoked).toEqual([{ userId: ana.id, leaseId: lead.leaseId, reason: 'policy' }]);
    expect(f.presence.get(ana.id)!.state.name).toBe('available'); // never went to dialing
    await f.settle();
    expect(f.count('SELECT COUNT(*) FROM dial_attempts')).toBe(0);
    expect(f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'policy_denial'").pluck().all()).toEqual(['Contato bloqueado: fora do horário permitido (SP, 20:00 no horário local)']);
    // back tomorrow at 08:00
    expect(f.peek.prepare('SELECT next_attempt_at FROM campaign_members').pluck().get()).toBe(Date.parse('2026-11-25T11:00:00Z'));
    expect(f.dialer.campaignStats(f.campaignId)?.denialsToday).toEqual({ outside_hours: 1 });
  });

  it('contact policy when preparing: a prescribed debt leaves the campaign; a phone on the do-not-call list is skipped for the next one', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 9000, phones: [SP(1)] }, { balance: 5000, phones: [SP(2), SP(3)] }] });
    const ana = f.agents[0]!;
    const rw = new Database(f.file);
    rw.prepare("UPDATE contracts SET prescribed = 1 WHERE debtor_id = (SELECT debtor_id FROM phones WHERE e164 = ?)").run(SP(1));
    rw.prepare("INSERT INTO do_not_call (list, e164, added_at) VALUES ('internal', ?, 0)").run(SP(2));
    rw.close();
    await f.dialer.reloadCampaign(f.campaignId);
    const lead = await f.dialer.nextLead(ana.id);
    expect(lead).toMatchObject({ debtor: { name: 'Devedor 2' }, phone: { masked: '(11) *****-0003' } });
    await f.settle();
    expect(f.peek.prepare("SELECT done_reason FROM campaign_members m JOIN debtors d ON d.id = m.debtor_id WHERE d.name = 'Devedor 1'").pluck().get()).toBe('policy:prescribed');
    const summaries = f.peek.prepare("SELECT summary FROM timeline_events WHERE kind = 'policy_denial' ORDER BY id").pluck().all();
    expect(summaries).toEqual(['Contato bloqueado: dívida prescrita']);
    expect(await f.dialer.nextLead(ana.id)).toBeNull();
  });

  it("a line whose 'ended' never arrived (the socket was down) is not re-sent after the ring timeout, and the server ends it as no_answer", async () => {
    f = await dialerFixture({ mode: 'progressive', agents: 1, ringTimeoutMs: 30_000, debtors: [{ balance: 1000, phones: [SP(1)] }, { balance: 500, phones: [SP(2)] }] });
    const ana = f.agents[0]!;
    await f.available(ana);
    const dial = f.pushed.dials[0]!.command;
    f.clock.t += 10_000;
    expect(f.dialer.ringingDialsOf(ana.id)).toEqual([dial]); // still ringing: a reconnecting console gets it again
    f.clock.t += 21_000;
    expect(f.dialer.ringingDialsOf(ana.id)).toEqual([]); // the softphone gave up at 30 s: never dialed again
    await f.dialer.tick();
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(dial.attemptId)).toBeNull(); // its report may still come
    f.clock.t += 15_000;
    await f.dialer.tick();
    await f.settle();
    expect(f.pushed.cancels).toContainEqual({ userId: ana.id, attemptId: dial.attemptId, reason: 'ring_timeout' });
    expect(f.peek.prepare('SELECT outcome FROM dial_attempts WHERE id = ?').pluck().get(dial.attemptId)).toBe('no_answer');
    expect(f.peek.prepare('SELECT next_attempt_at FROM campaign_members WHERE debtor_id = ?').pluck().get(dial.debtorId)).toBe(f.clock.t + 60 * MINUTE);
    // the agent is ready again and the next debtor is dialed
    expect(f.pushed.dials.at(-1)!.command.debtorId).not.toBe(dial.debtorId);
    // the late report is harmless
    expect(await f.dialer.callEvent(ana.id, { attemptId: dial.attemptId, event: 'ended', outcome: 'no_answer' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a reassignment never moves a debtor just leased, even before its lease row is written', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 90_000, phones: [SP(1)] }, { balance: 1000, phones: [SP(2)] }] });
    const ana = f.agents[0]!;
    const lead = (await f.dialer.nextLead(ana.id))!;
    // the lease is in the dialer's memory; the journal writes its row a few ms later
    expect(f.count('SELECT COUNT(*) FROM leases')).toBe(0);
    const r = await f.store.teams.reassign(f.campaignId, { method: 'share', targets: [{ target: { kind: 'agency', agency: 'Agência Sul' }, percent: 100 }] }, ana.id, f.clock.t, f.dialer.heldDebtors());
    expect(r.ok && r.data).toMatchObject({ moved: [{ debtors: 1 }], stayed: 1 });
    expect(f.peek.prepare('SELECT done_reason FROM campaign_members WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBeNull();
    expect(f.count("SELECT COUNT(*) FROM campaign_members WHERE done_reason = 'agency'")).toBe(1);
  });

  it('an agent moved to another campaign hands their personal callbacks in the old one to anyone there', async () => {
    f = await dialerFixture({ agents: 2, debtors: [{ balance: 90_000, phones: [SP(1)] }, { balance: 1000, phones: [SP(2)] }] });
    const [ana, bia] = [f.agents[0]!, f.agents[1]!];
    await f.available(ana);
    const lead = f.lastLead(ana)!;
    const d = await f.dialer.dial(ana.id, lead.leaseId);
    if (!d.ok) throw new Error(d.error.message);
    await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'answered' });
    await f.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended' });
    f.presence.dispatch(ana.id, { type: 'pause', reason: 'lunch' });
    expect((await f.dialer.dispose(ana.id, { leaseId: lead.leaseId, outcome: 'callback', callbackAt: f.clock.t + 30 * MINUTE, callbackFor: 'me' })).ok).toBe(true);
    await f.settle();
    const { id: _id, ...source } = (await f.store.dialer.getCampaign(f.campaignId))!;
    const other = await f.store.dialer.createCampaign({ ...source, name: 'Outra campanha', agentIds: [] });
    if (!other.ok) throw new Error(other.error.message);
    // the supervisor's move, as the route does it
    const moved = await f.store.teams.moveAgent(ana.id, other.data.id);
    if (!moved.ok) throw new Error(moved.error.message);
    for (const c of [...moved.data.left, moved.data.joined]) await f.dialer.reloadCampaign(c as typeof f.campaignId);
    expect(await f.dialer.agentMoved(ana.id)).toEqual({ callbacksToAnyone: 1 });
    await f.settle();
    expect(f.peek.prepare("SELECT user_id FROM callbacks WHERE debtor_id = ? AND status = 'pending'").pluck().all(lead.debtor.id)).toEqual([null]);
    // when it is due, Bia (still in the campaign) gets it
    f.clock.t += 31 * MINUTE;
    await f.available(bia);
    expect(f.lastLead(bia)).toMatchObject({ debtor: { id: lead.debtor.id }, callbackAt: expect.any(Number) });
  });

  it('refuses actions on a lead that is not the agent\'s', async () => {
    f = await dialerFixture({ agents: 2, debtors: [{ balance: 1000, phones: [SP(1)] }] });
    const [a, b] = f.agents;
    await f.available(a!);
    const lead = f.lastLead(a!)!;
    expect(await f.dialer.dial(b!.id, lead.leaseId)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await f.dialer.dispose(b!.id, { leaseId: lead.leaseId, outcome: 'rpc' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await f.dialer.dial(a!.id, 999 as LeaseId)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
