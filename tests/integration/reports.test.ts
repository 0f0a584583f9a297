import { afterEach, describe, expect, it } from 'vitest';
import { agentRow, campaignRow } from '../../server/src/gateway/reports';
import { dialerFixture, MINUTE, TUESDAY_10H, type DialerFixture } from '../support/dialer-fixture';

let f: DialerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

describe('reports (real SQLite file)', () => {
  it('campaign KPIs and agent productivity from what really happened', async () => {
    f = await dialerFixture({ agents: 1, debtors: Array.from({ length: 4 }, (_, i) => ({ balance: 1000 * (4 - i), phones: [`+551197000000${i}`] })) });
    const ana = f.agents[0]!;
    await f.available(ana);
    const call = async (how: 'busy' | 'rpc' | 'promise' | 'abandoned') => {
      const lead = f!.lastLead(ana)!;
      const d = await f!.dialer.dial(ana.id, lead.leaseId);
      if (!d.ok) throw new Error(d.error.message);
      f!.clock.t += 10_000;
      if (how === 'busy') {
        await f!.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended', outcome: 'busy' });
      } else {
        await f!.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'answered' });
        f!.clock.t += 60_000;
        await f!.dialer.callEvent(ana.id, { attemptId: d.data.attemptId, event: 'ended' });
        await f!.dialer.dispose(ana.id, { leaseId: lead.leaseId, outcome: how === 'abandoned' ? 'refused' : how });
      }
      await f!.settle();
    };
    await call('busy');
    await call('rpc');
    await call('promise');
    f.clock.t += 10 * MINUTE;
    f.presence.dispatch(ana.id, { type: 'pause', reason: 'lunch' });
    f.presence.loggedOut(ana.id);
    await f.settle();
    // the fixture's presence has no state log hook: write the day's states as the app does
    await f.store.reports.logAgentState({ userId: ana.id, at: TUESDAY_10H, state: 'available', reason: null });
    await f.store.reports.logAgentState({ userId: ana.id, at: f.clock.t, state: 'offline', reason: null });
    await f.settle();

    const [c] = (await f.store.reports.campaignKpis(TUESDAY_10H - 60 * MINUTE, TUESDAY_10H + 24 * 60 * MINUTE)).map(campaignRow);
    expect(c).toMatchObject({ dials: 3, answered: 2, abandoned: 0, shortCalls: 1, rightParty: 2, promisesOrAgreements: 1, talkSeconds: 120, answerRate: 2 / 3, rpcRate: 2 / 3, ptpRate: 0.5 });
    expect(c!.dialsByHour[10]).toBe(3); // 10h Brasília
    const [a] = (await f.store.reports.agentKpis(TUESDAY_10H - 60 * MINUTE, TUESDAY_10H + 24 * 60 * MINUTE)).map(agentRow);
    const logged = (f.clock.t - TUESDAY_10H) / 1000;
    expect(a).toMatchObject({ calls: 3, answered: 2, rightParty: 2, promisesOrAgreements: 1, talkSeconds: 120, loggedInSeconds: logged, averageHandleSeconds: 60 });
    expect(a!.occupancy).toBeCloseTo(120 / logged);
  });
});
