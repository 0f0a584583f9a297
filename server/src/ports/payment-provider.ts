import type { Result } from '../../../shared/result';

/** A charge with a due date for one installment (API Pix "cobv"). Money in centavos, dates in Brasília. */
export interface ChargeRequest {
  /** 26–35 letters and digits: ours, so a retry after a timeout can find the charge it may have created. */
  txid: string;
  dueDate: string;
  /** Days after the due date the charge can still be paid (then the agreement is broken anyway). */
  validAfterDueDays: number;
  debtor: { kind: 'cpf' | 'cnpj'; document: string; name: string };
  amountCents: number;
  /** Late fee, % of the amount (e.g. 200 = 2%). */
  fineBps: number;
  /** Default interest, % a month, calendar days (e.g. 100 = 1% a.m.). */
  monthlyInterestBps: number;
  /** A discount for paying early: fixed dates with their % of the amount. */
  discounts: { date: string; bps: number }[];
  /** Shown to the payer (at most 140 characters). */
  message: string;
}

export type ChargeStatus = 'active' | 'paid' | 'removed_by_receiver' | 'removed_by_psp';

export interface Charge {
  txid: string;
  status: ChargeStatus;
  /** The BR Code "copia e cola" of the charge's location. */
  pixCopyPaste: string;
  amountCents: number;
  /** The Pix that paid it (the PSP lists them on a paid charge): how a missed webhook is caught up. */
  paidBy: { endToEndId: string; amountCents: number; paidAt: string }[];
}

/**
 * Where charges are registered and paid (a PSP's API Pix). Every method MUST answer with a Result and MUST
 * NOT throw: 'bad_request'/'conflict' when the provider refused the request (its message named), 'not_found'
 * for an unknown charge, 'unavailable' when it failed or did not answer after the adapter's retries.
 */
export interface PaymentProvider {
  /** Registers the charge; MUST be safe to call again with the same txid after an 'unavailable'. */
  registerCharge(charge: ChargeRequest): Promise<Result<Charge>>;
  charge(txid: string): Promise<Result<Charge>>;
  cancelCharge(txid: string): Promise<Result<Charge>>;
}
