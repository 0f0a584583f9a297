import { describe, expect, it } from 'vitest';
import type { Balance } from '../../../../server/src/domain/negotiation/balance';
import { DEFAULT_POLICY, ceilingFor, evaluateOffer, readyOptions, type Offer } from '../../../../server/src/domain/negotiation/policy';

// corrected principal 1.000,00 + interest 300,00 + fee 20,00 = 1.320,00
const balance: Balance = { principalCents: 100_000, correctionCents: 0, interestCents: 30_000, feeCents: 2_000, paidCents: 0, totalCents: 132_000, lines: [], missingIndexMonths: [] };
const today = '2026-11-24';
const ctx = (role: 'agent' | 'supervisor' = 'agent', dpd = 400) => ({ policy: DEFAULT_POLICY, dpd, role, today });
const cash = (d: Partial<Offer['discount']>): Offer => ({ installments: 1, discount: { principalBps: 0, feeBps: 0, interestBps: 0, ...d }, downPaymentCents: 0, firstDueDate: '2026-11-27' });

describe('discount matrix and authority', () => {
  it('picks the bucket by days past due and the first form with enough installments', () => {
    expect(ceilingFor(DEFAULT_POLICY, 90, 1)).toEqual({ principalBps: 0, feeBps: 10_000, interestBps: 5_000 });
    expect(ceilingFor(DEFAULT_POLICY, 91, 1)).toEqual({ principalBps: 1_000, feeBps: 10_000, interestBps: 8_000 });
    expect(ceilingFor(DEFAULT_POLICY, 400, 3)).toEqual({ principalBps: 2_000, feeBps: 10_000, interestBps: 9_000 });
    expect(ceilingFor(DEFAULT_POLICY, 30, 24)).toBeNull();
  });
  it('at the agent\'s limit: no approval; one basis point above: approval; above the matrix: refused for everyone', () => {
    // bucket > 360 days, cash: principal up to 30%; the agent may grant half of each ceiling alone
    const atLimit = evaluateOffer(balance, cash({ principalBps: 1_500, feeBps: 5_000, interestBps: 5_000 }), ctx());
    expect(atLimit).toMatchObject({ valid: true, needsApproval: false, discountCents: 15_000 + 1_000 + 15_000, totalCents: 132_000 - 31_000 });
    expect(evaluateOffer(balance, cash({ principalBps: 1_501 }), ctx())).toMatchObject({ valid: true, needsApproval: true });
    expect(evaluateOffer(balance, cash({ principalBps: 1_501 }), ctx('supervisor'))).toMatchObject({ valid: true, needsApproval: false });
    const above = evaluateOffer(balance, cash({ principalBps: 3_001 }), ctx('supervisor'));
    expect(above).toMatchObject({ valid: false, needsApproval: false, problems: [{ code: 'above_matrix', part: 'principal', maxBps: 3_000 }] });
  });
  it('installments: down payment, minimum installment, last installment takes the centavos; dates month by month', () => {
    const offer: Offer = { installments: 4, discount: { principalBps: 0, feeBps: 0, interestBps: 0 }, downPaymentCents: 13_200, firstDueDate: '2026-11-30' };
    const v = evaluateOffer(balance, offer, ctx());
    expect(v.valid).toBe(true);
    expect(v.schedule).toEqual([
      { number: 1, dueDate: '2026-11-30', amountCents: 13_200 },
      { number: 2, dueDate: '2026-12-30', amountCents: 39_600 },
      { number: 3, dueDate: '2027-01-30', amountCents: 39_600 },
      { number: 4, dueDate: '2027-02-28', amountCents: 39_600 },
    ]);
    expect(v.schedule.reduce((a, s) => a + s.amountCents, 0)).toBe(v.totalCents);
    expect(evaluateOffer(balance, { ...offer, downPaymentCents: 13_199 }, ctx()).problems).toEqual([{ code: 'down_payment_too_small', minCents: 13_200 }]);
    expect(evaluateOffer(balance, { ...offer, installments: 25 }, ctx()).problems[0]).toEqual({ code: 'too_many_installments', max: 24 });
    const tiny = evaluateOffer(balance, { ...offer, installments: 24, downPaymentCents: 13_200 }, ctx());
    expect(tiny.valid).toBe(true); // 118.800 / 23 = 5.165,21 ≥ 50,00
    expect(evaluateOffer({ ...balance, totalCents: 20_000, interestCents: 0, feeCents: 0, principalCents: 20_000 }, { ...offer, installments: 12, downPaymentCents: 2_000 }, ctx()).problems).toEqual([{ code: 'installment_too_small', minCents: 5_000 }]);
  });
  it('first due date: today up to 10 days ahead', () => {
    expect(evaluateOffer(balance, { ...cash({}), firstDueDate: '2026-12-04' }, ctx()).valid).toBe(true);
    expect(evaluateOffer(balance, { ...cash({}), firstDueDate: '2026-12-05' }, ctx()).problems).toEqual([{ code: 'first_due_too_late', latest: '2026-12-04' }]);
    expect(evaluateOffer(balance, { ...cash({}), firstDueDate: '2026-11-23' }, ctx()).problems).toEqual([{ code: 'first_due_in_past' }]);
  });
  it('ready options: every form of the bucket at the best discount the agent may grant alone, all valid', () => {
    const options = readyOptions(balance, ctx());
    // 24× would leave installments under the R$ 50,00 minimum for this balance: not offered
    expect(options.map((o) => o.offer.installments)).toEqual([1, 6, 12]);
    expect(options.every((o) => o.valid && !o.needsApproval)).toBe(true);
    expect(options[0]!.totalCents).toBe(132_000 - 31_000);
  });
});
