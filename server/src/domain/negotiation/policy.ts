import type { DiscountCeiling, Offer, OfferProblem, OfferVerdict } from '../../../../shared/negotiation';
import type { Balance } from './balance';

export type { DiscountCeiling, Offer, OfferProblem, OfferVerdict };

/**
 * What an agent may offer: the portfolio's discount matrix (days-past-due bucket × payment form, with
 * separate ceilings on principal, fee and interest), the agreement's shape (down payment, number and size of
 * installments, first due date) and each role's authority. Pure: the server evaluates every offer with it,
 * the console shows the same verdict while the agent types.
 */

export interface NegotiationPolicy {
  /** Buckets in order of `maxDpd` (null = no upper limit); forms by number of installments (1 = cash). */
  matrix: { maxDpd: number | null; forms: { installments: number; ceiling: DiscountCeiling }[] }[];
  maxInstallments: number;
  /** Of the agreement total, for agreements in installments. */
  minDownPaymentBps: number;
  minInstallmentCents: number;
  /** The first payment no later than this many days from today. */
  maxFirstDueDays: number;
  /** Share of each matrix ceiling a role may grant without approval (10000 = all of it). */
  authorityBps: { agent: number; supervisor: number; admin: number };
}

export const DEFAULT_POLICY: NegotiationPolicy = {
  matrix: [
    { maxDpd: 90, forms: [{ installments: 1, ceiling: { principalBps: 0, feeBps: 10_000, interestBps: 5_000 } }, { installments: 6, ceiling: { principalBps: 0, feeBps: 5_000, interestBps: 2_000 } }, { installments: 12, ceiling: { principalBps: 0, feeBps: 0, interestBps: 0 } }] },
    { maxDpd: 360, forms: [{ installments: 1, ceiling: { principalBps: 1_000, feeBps: 10_000, interestBps: 8_000 } }, { installments: 6, ceiling: { principalBps: 500, feeBps: 10_000, interestBps: 5_000 } }, { installments: 12, ceiling: { principalBps: 0, feeBps: 5_000, interestBps: 3_000 } }] },
    { maxDpd: null, forms: [{ installments: 1, ceiling: { principalBps: 3_000, feeBps: 10_000, interestBps: 10_000 } }, { installments: 6, ceiling: { principalBps: 2_000, feeBps: 10_000, interestBps: 9_000 } }, { installments: 12, ceiling: { principalBps: 1_000, feeBps: 10_000, interestBps: 7_000 } }, { installments: 24, ceiling: { principalBps: 0, feeBps: 10_000, interestBps: 5_000 } }] },
  ],
  maxInstallments: 24,
  minDownPaymentBps: 1_000,
  minInstallmentCents: 5_000,
  maxFirstDueDays: 10,
  authorityBps: { agent: 5_000, supervisor: 10_000, admin: 10_000 },
};

/** The matrix row for this many days past due and installments: the first form with at least that many. */
export function ceilingFor(policy: NegotiationPolicy, dpd: number, installments: number): DiscountCeiling | null {
  const bucket = policy.matrix.find((b) => b.maxDpd === null || dpd <= b.maxDpd);
  return bucket?.forms.find((f) => installments <= f.installments)?.ceiling ?? null;
}

const addMonths = (iso: string, n: number): string => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
};
const bpsOf = (cents: number, bps: number) => Math.floor((cents * bps) / 10_000); // a discount never rounds up

export function evaluateOffer(balance: Balance, offer: Offer, ctx: { policy: NegotiationPolicy; dpd: number; role: 'agent' | 'supervisor' | 'admin'; today: string }): OfferVerdict {
  const { policy } = ctx;
  const problems: OfferProblem[] = [];
  if (offer.installments < 1 || offer.installments > policy.maxInstallments) problems.push({ code: 'too_many_installments', max: policy.maxInstallments });
  const ceiling = ceilingFor(policy, ctx.dpd, offer.installments) ?? { principalBps: 0, feeBps: 0, interestBps: 0 };
  const parts = [
    ['principal', offer.discount.principalBps, ceiling.principalBps],
    ['fee', offer.discount.feeBps, ceiling.feeBps],
    ['interest', offer.discount.interestBps, ceiling.interestBps],
  ] as const;
  let needsApproval = false;
  for (const [part, asked, max] of parts) {
    if (asked > max) problems.push({ code: 'above_matrix', part, maxBps: max });
    else if (asked > Math.floor((max * policy.authorityBps[ctx.role]) / 10_000)) needsApproval = true;
  }
  // principal here is the corrected principal: correction is part of what is owed
  const discountCents =
    bpsOf(balance.principalCents, offer.discount.principalBps) + bpsOf(balance.feeCents, offer.discount.feeBps) + bpsOf(balance.interestCents, offer.discount.interestBps);
  const totalCents = balance.totalCents - discountCents;
  const latest = addDaysIso(ctx.today, policy.maxFirstDueDays);
  if (offer.firstDueDate < ctx.today) problems.push({ code: 'first_due_in_past' });
  else if (offer.firstDueDate > latest) problems.push({ code: 'first_due_too_late', latest });
  const schedule: OfferVerdict['schedule'] = [];
  if (offer.installments === 1) {
    schedule.push({ number: 1, dueDate: offer.firstDueDate, amountCents: totalCents });
  } else {
    const minDown = Math.ceil((totalCents * policy.minDownPaymentBps) / 10_000);
    if (offer.downPaymentCents < minDown) problems.push({ code: 'down_payment_too_small', minCents: minDown });
    const rest = totalCents - offer.downPaymentCents;
    const n = offer.installments - 1;
    const each = Math.floor(rest / n);
    if (each < policy.minInstallmentCents) problems.push({ code: 'installment_too_small', minCents: policy.minInstallmentCents });
    schedule.push({ number: 1, dueDate: offer.firstDueDate, amountCents: offer.downPaymentCents });
    for (let i = 1; i <= n; i++) schedule.push({ number: i + 1, dueDate: addMonths(offer.firstDueDate, i), amountCents: i === n ? rest - each * (n - 1) : each });
  }
  return { valid: problems.length === 0, problems, needsApproval: problems.length === 0 && needsApproval, discountCents, totalCents, schedule };
}

const addDaysIso = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The ready options for the screen pop: for each form of the debtor's bucket, the best discount this role may grant alone. */
export function readyOptions(balance: Balance, ctx: { policy: NegotiationPolicy; dpd: number; role: 'agent' | 'supervisor' | 'admin'; today: string }): (OfferVerdict & { offer: Offer })[] {
  const bucket = ctx.policy.matrix.find((b) => b.maxDpd === null || ctx.dpd <= b.maxDpd);
  if (!bucket) return [];
  const share = ctx.policy.authorityBps[ctx.role];
  const firstDueDate = addDaysIso(ctx.today, Math.min(3, ctx.policy.maxFirstDueDays));
  return bucket.forms
    .filter((f) => f.installments <= ctx.policy.maxInstallments)
    .map((f) => {
      const discount = {
        principalBps: Math.floor((f.ceiling.principalBps * share) / 10_000),
        feeBps: Math.floor((f.ceiling.feeBps * share) / 10_000),
        interestBps: Math.floor((f.ceiling.interestBps * share) / 10_000),
      };
      const draft = evaluateOffer(balance, { installments: f.installments, discount, downPaymentCents: 0, firstDueDate }, ctx);
      const down = f.installments === 1 ? 0 : Math.max(Math.ceil((draft.totalCents * ctx.policy.minDownPaymentBps) / 10_000), Math.ceil(draft.totalCents / f.installments));
      const offer: Offer = { installments: f.installments, discount, downPaymentCents: down, firstDueDate };
      return { ...evaluateOffer(balance, offer, ctx), offer };
    })
    .filter((o) => o.valid);
}
