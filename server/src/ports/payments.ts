import type { PaymentApplied } from '../../../shared/payments';
import type { UserId } from '../../../shared/ids';
import type { Result } from '../../../shared/result';

export interface Integration {
  id: string;
  name: string;
  secret: string;
  callbackUrl: string | null;
  active: boolean;
}

export interface PaymentInput {
  /** 'webhook:<integration id>', 'payoff_csv', 'manual'. */
  source: string;
  externalId: string;
  /** CPF/CNPJ as stored (digits; alphanumeric CNPJ upper-case). */
  document: string;
  contractNumber: string | null;
  amountCents: number;
  paidAt: string;
  receivedAt: number;
  userId: UserId | null;
  /** Paying an agreement's installment (number null: its first open one) instead of contracts. */
  installment: { agreementId: number; number: number | null } | null;
}

/** An open installment's registered charge (cobv), as the hourly check reads them. */
export interface DueCharge {
  txid: string;
  dueDate: string;
  agreementId: number;
}

/** What recordPayment tells the payment service besides the answer to the sender. */
export interface RecordedPayment extends PaymentApplied {
  /** Campaigns the debtor left again: a broken promise turned out kept by this payment (dated in time, arrived late). */
  campaignsLeft: number[];
}

export interface PaymentStore {
  findIntegration(id: string): Promise<Integration | null>;
  createIntegration(integration: Omit<Integration, 'active'>, at: number): Promise<Result<Integration>>;
  /**
   * In one transaction: idempotent by (source, externalId); spreads the amount over the contract named or
   * the open ones, oldest first; marks contracts paid; when nothing is left open, takes the debtor out of
   * every campaign and sets the bureau-removal deadline; a timeline event. Unknown debtor or contract:
   * 'not_found' naming the field, nothing written.
   */
  recordPayment(input: PaymentInput): Promise<Result<RecordedPayment>>;
  /** Paid debts whose bureau removal is still to be requested, the most urgent first. */
  pendingBureauRemovals(limit: number): Promise<{ paymentId: number; debtorId: number; name: string; document: string; due: string }[]>;
  markBureauRemoved(paymentId: number, userId: UserId, at: number): Promise<boolean>;
  /** The installment whose Pix has this txid, its debtor's document (as stored) and its Pix kind (cobv: a charge registered at the PSP). */
  installmentByTxid(txid: string): Promise<{ agreementId: number; number: number; document: string; pixKind: 'cobv' | 'static' | null } | null>;
  /**
   * Registered charges (cobv) of active agreements' open installments due before this date, one page in
   * (due date, txid) order: those after `after` (null: from the first).
   */
  chargesDueBefore(date: string, limit: number, after: DueCharge | null): Promise<DueCharge[]>;
  /** Kept once per (source, external id) for Pix (the PSP retries its webhook). */
  recordRejection(rejection: { source: string; externalId: string | null; reason: string; body: string; at: number }): Promise<void>;
}

export interface OutboxMessage {
  id: number;
  integrationId: string;
  url: string;
  secret: string;
  event: string;
  payload: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'dead';
  lastError: string | null;
  createdAt: number;
}

export interface OutboxStore {
  due(now: number, limit: number): Promise<OutboxMessage[]>;
  delivered(id: number, at: number): Promise<void>;
  /** nextAt null: no more retries (dead letter). */
  failed(id: number, attempts: number, nextAt: number | null, error: string): Promise<void>;
  list(status: 'pending' | 'dead' | 'delivered', limit: number): Promise<OutboxMessage[]>;
  retry(id: number, now: number): Promise<boolean>;
}

export interface InboundMatch {
  debtorId: number;
  name: string;
  /** Masked. */
  document: string;
  phoneStatus: string;
  openCents: number;
}

/** Do-not-call lists and the inbound pop's lookup. */
export interface ContactListStore {
  count(list: 'internal' | 'nao_me_ligue'): Promise<number>;
  add(list: 'internal' | 'nao_me_ligue', numbers: string[], at: number, source: string): Promise<number>;
  remove(list: 'internal' | 'nao_me_ligue', numbers: string[]): Promise<number>;
  /** Debtors with this phone, ranked: a valid phone first, then the largest open balance, then the latest contact. */
  debtorsByPhone(e164: string): Promise<InboundMatch[]>;
}
