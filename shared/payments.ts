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
  /** Paying an agreement's installment: the agreement, and the installment (absent: its first open one). */
  agreementId: z.number().int().positive().optional(),
  installment: z.number().int().positive().max(999).optional(),
}).refine((p) => p.installment === undefined || p.agreementId !== undefined, { message: 'agreementId: required with installment', path: ['agreementId'] })
  .refine((p) => p.agreementId === undefined || p.contractNumber === undefined, { message: 'contractNumber: name a contract or an agreement, not both', path: ['contractNumber'] });
export type PaymentWebhook = z.infer<typeof paymentWebhookSchema>;

export interface PaymentApplied {
  paymentId: number;
  debtorId: DebtorId;
  /** A replay of a payment already applied: nothing changed. */
  duplicate: boolean;
  contractsPaid: string[];
  /** Contracts still owed (open, or under an agreement not yet fulfilled): 0 means collection stopped for this debtor. */
  openContracts: number;
  /** The date by which the bureaus must be asked to remove the debtor (full payment), or null. */
  bureauRemovalDue: string | null;
  /** When the payment went to an agreement's installment: where it stands now. */
  installment?: InstallmentPaid;
}

export interface InstallmentPaid {
  agreementId: number;
  number: number;
  amountCents: number;
  /** Paid on this installment so far (a partial payment leaves it open). */
  paidCents: number;
  paid: boolean;
  agreementStatus: 'active' | 'paid' | 'broken' | 'cancelled';
  /** The installment to pay next (its boleto and Pix become current), or null. */
  nextOpen: number | null;
}

/** Body the PSP POSTs to the registered webhook URL + "/pix" (BCB API Pix v2). */
export const pixWebhookSchema = z.object({
  pix: z
    .array(
      z.object({
        endToEndId: z.string().regex(/^[a-zA-Z0-9]{32}$/, '32 letters and digits'),
        txid: z.string().regex(/^[a-zA-Z0-9]{1,35}$/, 'up to 35 letters and digits').optional(),
        valor: z.string().regex(/^\d{1,10}\.\d{2}$/, 'an amount with 2 decimals, e.g. 123.45'),
        horario: z.iso.datetime({ offset: true }),
        infoPagador: z.string().max(140).optional(),
      }),
    )
    .min(1, 'at least one Pix')
    .max(1000),
});
export type PixWebhook = z.infer<typeof pixWebhookSchema>;

export interface PixWebhookResult {
  applied: number;
  duplicates: number;
  /** Pix not applied (no installment with its txid, or the PSP does not confirm it): kept for reconciliation. */
  unknown: { endToEndId: string; txid: string | null; reason: string }[];
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

