import { describe, expect, it } from 'vitest';
import { updatedBalance, type BalanceInput } from '../../../../server/src/domain/negotiation/balance';

const none = new Map<string, number>();
const base = (over: Partial<BalanceInput>): BalanceInput => ({
  principalCents: 100_000, dueDate: '2024-01-10', calcDate: '2024-04-10', lateFeeBps: 200, regime: { kind: 'legal' }, payments: [], ipca: none, selic: none, ...over,
});

describe('updated balance (worked by hand)', () => {
  it('R$ 1.000,00, 91 days at the old legal 1% a month, no correction: interest 1000 × 1% × 91/30 = 30,33; fee 20,00', () => {
    const b = updatedBalance(base({}));
    expect(b).toMatchObject({ principalCents: 100_000, correctionCents: 0, interestCents: 3_033, feeCents: 2_000, totalCents: 105_033 });
    expect(b.lines.at(-1)!.label).toBe('Saldo atualizado em 10/04/2024: R$ 1050,33');
  });

  it('IPCA 0,50% for a whole March: corrected 1.005,00; interest 1005 × 1% × 31/30 = 10,385 → 10,39; fee 20,10', () => {
    const b = updatedBalance(base({ dueDate: '2024-03-01', calcDate: '2024-04-01', ipca: new Map([['2024-03', 5_000]]) }));
    expect(b).toMatchObject({ principalCents: 100_500, correctionCents: 500, interestCents: 1_039, feeCents: 2_010, totalCents: 103_549, missingIndexMonths: [] });
  });

  it('IPCA pro rata die: 15 of 30 days of a 0,60% month → 0,30%', () => {
    const b = updatedBalance(base({ dueDate: '2024-06-16', calcDate: '2024-07-01', ipca: new Map([['2024-06', 6_000]]), regime: { kind: 'contract', monthlyRatePpm: 0 } }));
    expect(b.correctionCents).toBe(300);
  });

  it('the legal rate changes on 30/08/2024: 29 days at 1%, then SELIC − IPCA (2 days of August at 0,87%, September at 0,84%)', () => {
    const selic = new Map([['2024-08', 8_700], ['2024-09', 8_400]]);
    const ipca = new Map([['2024-08', 0], ['2024-09', 0]]);
    const b = updatedBalance(base({ dueDate: '2024-08-01', calcDate: '2024-10-01', selic, ipca }));
    // 1000 × (1% × 29/30 + 0,87% × 2/30 + 0,84% × 30/30) = 9,6667 + 0,58 + 8,40 = 18,6467 → 18,65
    expect(b.interestCents).toBe(1_865);
  });

  it('the legal rate is never negative: SELIC below IPCA charges no interest (and deflation lowers the principal)', () => {
    const b = updatedBalance(base({ dueDate: '2025-01-01', calcDate: '2025-02-01', selic: new Map([['2025-01', 3_000]]), ipca: new Map([['2025-01', -2_000]]) }));
    // SELIC 0,30% − IPCA (−0,20%) = 0,50% → interest on 998,00 × 0,5% × 31/30 = 5,156 → 5,16; IPCA −0,20% → 998,00
    expect(b).toMatchObject({ principalCents: 99_800, correctionCents: -200, interestCents: 516 });
    const high = updatedBalance(base({ dueDate: '2025-01-01', calcDate: '2025-02-01', selic: new Map([['2025-01', 3_000]]), ipca: new Map([['2025-01', 5_000]]) }));
    expect(high.interestCents).toBe(0);
  });

  it('a payment pays interest first, then principal with its fee: 500,00 after 30 days on 1.000,00 at 1%', () => {
    const b = updatedBalance(base({ dueDate: '2024-01-01', calcDate: '2024-03-01', payments: [{ date: '2024-01-31', amountCents: 50_000 }] }));
    // at 31/01: interest 10,00 paid; 490,00 / 1,02 = 480,39 off the principal → 519,61
    // 31/01 → 01/03 is 30 days: interest 519,61 × 1% = 5,20; fee 2% of 519,61 = 10,39; total 535,20
    expect(b).toMatchObject({ principalCents: 51_961, interestCents: 520, feeCents: 1_039, paidCents: 50_000, totalCents: 53_520 });
    // the breakdown adds up: 1.000,00 + interest 15,20 (10,00 + 5,20) + fee 20,00 (9,61 paid + 10,39) − 500,00 = 535,20
    expect(b.lines.map((l) => [l.kind, l.amountCents])).toEqual([['principal', 100_000], ['correction', 0], ['interest', 1_520], ['fee', 2_000], ['payment', -50_000], ['total', 53_520]]);
  });

  it('the lines always add up to the total', () => {
    for (const input of [
      base({}),
      base({ dueDate: '2024-03-01', calcDate: '2024-04-01', ipca: new Map([['2024-03', 5_000]]) }),
      base({ dueDate: '2023-05-17', calcDate: '2025-11-03', ipca: new Map([['2024-02', 8_300], ['2025-01', 1_600]]), selic: new Map([['2024-10', 9_300], ['2025-03', 9_600]]), payments: [{ date: '2024-02-02', amountCents: 12_345 }, { date: '2025-06-30', amountCents: 33_333 }] }),
    ]) {
      const b = updatedBalance(input);
      const sum = b.lines.filter((l) => l.kind !== 'total').reduce((a, l) => a + l.amountCents, 0);
      expect(sum).toBe(b.totalCents);
    }
  });

  it('a contracted rate replaces the legal one; missing index months are reported, not guessed', () => {
    const b = updatedBalance(base({ regime: { kind: 'contract', monthlyRatePpm: 25_000 }, ipca: new Map([['2024-01', 4_200]]) }));
    expect(b.interestCents).toBeGreaterThan(7_500);
    expect(b.missingIndexMonths).toEqual(['2024-02', '2024-03', '2024-04']);
    expect(b.lines.map((l) => l.kind)).toEqual(['principal', 'correction', 'interest', 'fee', 'total']);
  });
});
