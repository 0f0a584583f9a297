import { z } from 'zod';
import type { DebtorId } from './ids';

/** Body of POST /api/v1/payments, sent by a creditor's or bank's system, signed (see docs/payments.md). */
export const paymentWebhookSchema = z.object({
  /** The sender's id for this payment: a replay with the same id changes nothing. */
  paymentId: z.string().trim().min(1).max(100),
  /** The debtor's CPF or CNPJ (digits, or formatted). */
  document: z.string().trim().min(11).max(20),
  /** The contract paid; absent: the debtor's open contracts, oldest first. */
  contractNumber: z.string().trim().min(1).max(60).optional(),
  amountCents: z.number().int().positive().max(100_000_000_000),
  paidAt: z.iso.datetime({ offset: true }),
});
export type PaymentWebhook = z.infer<typeof paymentWebhookSchema>;

export interface PaymentApplied {
  paymentId: number;
  debtorId: DebtorId;
  /** A replay of a payment already applied: nothing changed. */
  duplicate: boolean;
  contractsPaid: string[];
  /** Open contracts left: 0 means collection stopped for this debtor. */
  openContracts: number;
  /** The date by which the bureaus must be asked to remove the debtor (full payment), or null. */
  bureauRemovalDue: string | null;
}

/** A supervisor's manual write-off ("baixa"): why is required, for the audit. */
export const manualWriteOffSchema = z.object({
  document: z.string().trim().min(11).max(20),
  contractNumber: z.string().trim().min(1).max(60).optional(),
  amountCents: z.number().int().positive().max(100_000_000_000),
  paidAt: z.iso.date(),
  reason: z.string().trim().min(5, 'reason: say why (at least 5 characters)').max(500),
});
export type ManualWriteOff = z.infer<typeof manualWriteOffSchema>;

