import { z } from 'zod';

/** An offer as the console sends it (evaluated again on the server, always). */
export const offerSchema = z.object({
  installments: z.number().int().min(1).max(120),
  discount: z.object({
    principalBps: z.number().int().min(0).max(10_000),
    feeBps: z.number().int().min(0).max(10_000),
    interestBps: z.number().int().min(0).max(10_000),
  }),
  downPaymentCents: z.number().int().min(0).max(100_000_000_000),
  firstDueDate: z.iso.date(),
});

export const approvalDecisionSchema = z.object({
  decision: z.enum(['approve', 'counter', 'deny']),
  counterOffer: offerSchema.optional(),
  note: z.string().trim().max(500).optional(),
});

export const formalizeSchema = z.object({ offer: offerSchema, approvalId: z.number().int().positive().nullable().default(null) });

export interface DiscountCeiling {
  /** Basis points of each part of the updated balance (10000 = 100%). */
  principalBps: number;
  feeBps: number;
  interestBps: number;
}

/** For installments > 1 the down payment is the first payment; the rest is split evenly (the last takes the centavos). */
export type Offer = z.infer<typeof offerSchema>;

export type OfferProblem =
  | { code: 'too_many_installments'; max: number }
  | { code: 'above_matrix'; part: 'principal' | 'fee' | 'interest'; maxBps: number }
  | { code: 'down_payment_too_small'; minCents: number }
  | { code: 'installment_too_small'; minCents: number }
  | { code: 'first_due_too_late'; latest: string }
  | { code: 'first_due_in_past' };

export interface OfferVerdict {
  /** No hard problem: it can be formalized (maybe after approval). */
  valid: boolean;
  problems: OfferProblem[];
  /** Within the matrix but beyond this role's authority: a supervisor must approve. */
  needsApproval: boolean;
  discountCents: number;
  totalCents: number;
  schedule: { number: number; dueDate: string; amountCents: number }[];
}


/** An approval request as supervisors and the agent see it. */
export interface ApprovalView {
  id: number;
  debtorId: number;
  debtorName: string;
  agentId: number;
  agentName: string;
  offer: Offer;
  verdict: OfferVerdict;
  status: 'pending' | 'approved' | 'countered' | 'denied' | 'used';
  counterOffer: Offer | null;
  note: string | null;
  createdAt: number;
}

/** An agreement and its installments: what is paid, what is partly paid, which one is current. */
export interface AgreementView {
  id: number;
  status: 'active' | 'paid' | 'broken' | 'cancelled';
  totalCents: number;
  paidCents: number;
  createdAt: number;
  brokenReason: string | null;
  /** The first open installment (its boleto and Pix are the ones to pay now), or null. */
  current: number | null;
  installments: { number: number; dueDate: string; amountCents: number; paidCents: number; status: 'open' | 'paid'; pixKind: 'static' | 'cobv' | null; hasDocuments: boolean }[];
}

/** The screen pop: who the debtor is and everything that happened, fetched as soon as the lead arrives. */
export interface DebtorCard {
  id: number;
  name: string;
  /** Masked. */
  document: string;
  place: string | null;
  contracts: { number: string; product: string; originalCents: number; dueDate: string; dpd: number; status: string; prescribed: boolean }[];
  phones: { masked: string; kind: string; status: string }[];
  timeline: { at: number; kind: string; summary: string }[];
  warnings: ('prescribed' | 'over_indebted' | 'third_party_phone' | 'workplace_phone' | 'agreement_active')[];
  nextBestAction: 'collect_overdue_installment' | 'resume_promise' | 'offer_cash_discount' | 'offer_installments' | 'nothing_to_collect';
  /** The debtor's latest agreement with its installments, or null. */
  agreement: AgreementView | null;
}

/** Shares in basis points (10000 = 100%); the field's path names it in the error. */
const bps = () => z.number({ message: 'a share in basis points (0–10000)' }).int('a whole number of basis points').min(0, 'at least 0').max(10_000, 'at most 10000 (100%)');
const ceilingSchema = z.object({ principalBps: bps(), feeBps: bps(), interestBps: bps() });

/**
 * A portfolio's negotiation policy as admins edit it (PUT /api/admin/negotiation-policies/:portfolioId):
 * buckets by days past due in ascending order, the last one open-ended (maxDpd null); in each, payment
 * forms by number of installments in ascending order with separate discount ceilings.
 */
export const negotiationPolicySchema = z
  .object({
    matrix: z
      .array(
        z.object({
          maxDpd: z.number().int().min(0).max(100_000).nullable(),
          forms: z.array(z.object({ installments: z.number().int().min(1).max(120), ceiling: ceilingSchema })).min(1, 'forms: at least one payment form').max(24),
        }),
      )
      .min(1, 'matrix: at least one days-past-due bucket')
      .max(20),
    maxInstallments: z.number().int().min(1).max(120),
    minDownPaymentBps: bps(),
    minInstallmentCents: z.number().int().min(0).max(1_000_000_000),
    maxFirstDueDays: z.number().int().min(0).max(90),
    authorityBps: z.object({ agent: bps(), supervisor: bps(), admin: bps() }),
  })
  .superRefine((p, ctx) => {
    p.matrix.forEach((b, i) => {
      const last = i === p.matrix.length - 1;
      if (last && b.maxDpd !== null) ctx.addIssue({ code: 'custom', path: ['matrix', i, 'maxDpd'], message: 'the last bucket has no upper limit (null), so every debt has a row' });
      if (!last && b.maxDpd === null) ctx.addIssue({ code: 'custom', path: ['matrix', i, 'maxDpd'], message: 'only the last bucket may be open-ended' });
      const prev = p.matrix[i - 1]?.maxDpd;
      if (i > 0 && b.maxDpd !== null && prev !== null && prev !== undefined && b.maxDpd <= prev) ctx.addIssue({ code: 'custom', path: ['matrix', i, 'maxDpd'], message: `must be above the previous bucket's ${prev}` });
      b.forms.forEach((f, j) => {
        const before = b.forms[j - 1];
        if (before && f.installments <= before.installments) ctx.addIssue({ code: 'custom', path: ['matrix', i, 'forms', j, 'installments'], message: `must be above the previous form's ${before.installments}` });
      });
    });
  });
export type NegotiationPolicyInput = z.infer<typeof negotiationPolicySchema>;

/** A portfolio's policy as the admin page shows it. */
export interface PortfolioPolicy {
  portfolioId: number;
  portfolioName: string;
  creditorName: string;
  policy: NegotiationPolicyInput;
  /** No policy of its own: the default applies. */
  isDefault: boolean;
  updatedAt: number | null;
}
