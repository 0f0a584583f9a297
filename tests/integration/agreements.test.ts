import { afterEach, describe, expect, it } from 'vitest';
import { NegotiationService } from '../../server/src/negotiation/negotiation-service';
import { dialerFixture, type DialerFixture } from '../support/dialer-fixture';

let f: DialerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

describe('agreements (real SQLite file)', () => {
  it('an installment unpaid past the grace days breaks the agreement: the debt reopens and the debtor returns to the campaign, with the reason on the timeline', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 300_000, dueDate: '2025-01-10', phones: ['+5511970000001'] }] });
    const negotiation = new NegotiationService({ store: f.store.negotiation, clock: f.clock, billing: { bank: '001', pixKey: 'cobranca@quita.example', pixCity: 'SAO PAULO' } });
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
});
