import type { UserId } from '../../../shared/ids';
import type { AgreementView, ApprovalView, DebtorCard } from '../../../shared/negotiation';
import type { Result } from '../../../shared/result';
import type { RateRegime } from '../domain/negotiation/balance';
import type { NegotiationPolicy, Offer, OfferVerdict } from '../domain/negotiation/policy';

export interface DebtForBalance {
  id: number;
  number: string;
  portfolioId: number;
  product: string;
  originalCents: number;
  dueDate: string;
  lateFeeBps: number;
  regime: RateRegime;
  payments: { date: string; amountCents: number }[];
}

export interface Creditor {
  name: string;
  cnpj: string;
  address: string;
}

export type ApprovalRecord = ApprovalView;

export interface InstallmentDocuments {
  debtorId: number;
  number: number;
  dueDate: string;
  amountCents: number;
  boletoBarcode: string | null;
  pixPayload: string | null;
  /** The Pix's txid: a cobv charge registered at the PSP, or the static code's. */
  pixTxid: string | null;
  pixKind: 'static' | 'cobv' | null;
  status: 'open' | 'paid';
  paidCents: number;
  agreementStatus: 'active' | 'paid' | 'broken' | 'cancelled';
  totalInstallments: number;
  debtorName: string;
  /** Digits, for registering charges (never shown or logged). */
  debtorDocumentDigits: string;
  debtorDocumentKind: 'cpf' | 'cnpj';
  /** Masked. */
  debtorDocument: string;
  creditor: Creditor;
}

export interface NewAgreement {
  debtorId: number;
  userId: UserId;
  approvalId: number | null;
  contractIds: number[];
  balanceCents: number;
  discountCents: number;
  totalCents: number;
  terms: unknown;
  installments: { number: number; dueDate: string; amountCents: number }[];
  /** The first installment's Pix when a cobv charge was registered before the agreement (null: static code, set later). */
  firstPix: PixDocument | null;
  at: number;
  summary: string;
}

export interface PixDocument {
  txid: string;
  payload: string;
  kind: 'static' | 'cobv';
}

export interface NegotiationStore {
  /** The screen pop's card (today is the Brasília date, for days past due). */
  debtorCard(debtorId: number, today: string): Promise<DebtorCard | null>;
  /** The debtor's open contracts with the payments made on each, and who the creditor is. */
  openDebts(debtorId: number): Promise<{ name: string; document: string; documentKind: 'cpf' | 'cnpj'; debts: DebtForBalance[]; creditor: Creditor } | null>;
  indexes(): Promise<{ ipca: Map<string, number>; selic: Map<string, number> }>;
  importIndex(name: 'ipca' | 'selic', rows: { month: string; ratePpm: number }[]): Promise<number>;
  policyFor(portfolioId: number): Promise<NegotiationPolicy | null>;
  /** Every portfolio with its own policy (null: the default applies). */
  policies(): Promise<{ portfolioId: number; portfolioName: string; creditorName: string; policy: NegotiationPolicy | null; updatedAt: number | null }[]>;
  /** Replaces a portfolio's policy; false: no such portfolio. */
  setPolicy(portfolioId: number, policy: NegotiationPolicy, userId: UserId, at: number): Promise<boolean>;
  indexValues(name: 'ipca' | 'selic'): Promise<{ month: string; ratePpm: number }[]>;
  createApproval(a: { debtorId: number; agentId: UserId; offer: Offer; verdict: OfferVerdict; at: number }): Promise<number>;
  getApproval(id: number): Promise<ApprovalRecord | null>;
  pendingApprovals(): Promise<ApprovalRecord[]>;
  decideApproval(id: number, d: { status: 'approved' | 'countered' | 'denied'; supervisorId: UserId; counterOffer: Offer | null; note: string | null; at: number }): Promise<boolean>;
  /** One transaction: the agreement, its installments, the contracts marked 'agreement', members done, a timeline event, the approval used. */
  createAgreement(a: NewAgreement): Promise<Result<number>>;
  /** The installment's boleto and (when not already set with the agreement) its Pix. */
  setInstallmentDocuments(agreementId: number, number: number, boletoBarcode: string, pix: PixDocument | null): Promise<void>;
  /** The agreement with its installments, for the console (what is paid, what is current). */
  agreementView(agreementId: number): Promise<AgreementView | null>;
  installment(agreementId: number, number: number): Promise<InstallmentDocuments | null>;
  /** Where to send an agreement's documents: the debtor's e-mail and valid mobile phones, and its first open installment. */
  agreementContacts(agreementId: number): Promise<{ debtorId: number; emails: string[]; mobiles: string[]; firstOpen: number | null } | null>;
  recordSend(s: { debtorId: number; at: number; kind: 'email' | 'sms'; summary: string; userId: UserId }): Promise<void>;
  /** Agreements with an open installment due before `dueBefore`: broken; contracts reopened; debtor back in its campaigns.
   *  `spare`: agreements not to break this time (their charges could not be checked at the PSP). */
  breakOverdue(dueBefore: string, at: number, spare?: number[]): Promise<{ agreementId: number; debtorId: number; installment: number; dueDate: string }[]>;
}
