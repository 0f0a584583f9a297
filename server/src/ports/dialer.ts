import type { CampaignDetail, CampaignUpsert, DefaultReason, DialMode, DialOutcome, PromiseTerms } from '../../../shared/dialer';
import type { PromiseView } from '../../../shared/promises';
import type { Uf } from '../../../shared/phone';
import type { Result } from '../../../shared/result';
import type { AttemptId, CallbackId, CampaignId, DebtorId, LeaseId, PhoneId, UserId } from '../../../shared/ids';
import type { DialablePhone, LeadColumns } from '../domain/dialer/retry';
import type { CallerIdRow, NumberDay, PoolNumber } from '../domain/dialer/caller-id';

export type { CallerIdRow };

/** What the dialer needs from storage. Async like every port, so a PostgreSQL adapter fits. */

export interface PortfolioOption {
  id: number;
  name: string;
  creditorName: string;
}

export interface OpenLease {
  id: LeaseId;
  campaignId: CampaignId;
  debtorId: DebtorId;
  userId: UserId;
  expiresAt: number;
}

export interface StoredLease {
  id: LeaseId;
  campaignId: CampaignId;
  debtorId: DebtorId;
  phoneId: PhoneId;
  userId: UserId;
  callbackId: CallbackId | null;
  released: boolean;
  attempt: { id: AttemptId; startedAt: number; answeredAt: number | null; endedAt: number | null; outcome: string | null } | null;
  /** The debtor was dialed again after this lease's attempt (by anyone, in any campaign). */
  newerAttempt: boolean;
  /** The debtor's attempts in this campaign: since `dayStart`, and ever (this lease's attempt included). */
  attemptsToday: number;
  attemptsInCampaign: number;
}

export interface LeadDebtor {
  name: string;
  documentKind: 'cpf' | 'cnpj';
  document: string;
  /** With today's attempts per phone (any campaign). */
  phones: DialablePhone[];
  /** This debtor's attempts in this campaign: today and ever. */
  attemptsToday: number;
  attemptsInCampaign: number;
  /** The first address (for the time zone and the state's rules). */
  address: { uf: Uf; city: string | null } | null;
  holds: { prescribed: boolean; overIndebted: boolean; noOpenDebt: boolean };
}

export interface DueCallback {
  id: CallbackId;
  campaignId: CampaignId;
  debtorId: DebtorId;
  phoneId: PhoneId | null;
  userId: UserId | null;
  dueAt: number;
}

export interface NewAttempt {
  leaseId: LeaseId;
  campaignId: CampaignId;
  debtorId: DebtorId;
  phoneId: PhoneId;
  userId: UserId;
  mode: DialMode;
  callerId: string;
  at: number;
}

export interface DialerStore {
  listPortfolios(): Promise<PortfolioOption[]>;
  listCampaignDetails(): Promise<CampaignDetail[]>;
  getCampaign(id: CampaignId): Promise<CampaignDetail | null>;
  /** Name taken → 'conflict'; unknown portfolio or agent → 'bad_request', naming the field. */
  createCampaign(campaign: CampaignUpsert): Promise<Result<CampaignDetail>>;
  updateCampaign(id: CampaignId, campaign: CampaignUpsert): Promise<Result<CampaignDetail>>;
  /** The campaign's members still to be worked, with what ranks them. */
  loadLeads(campaignId: CampaignId): Promise<LeadColumns>;
  openLeases(now: number): Promise<OpenLease[]>;
  loadLeadDebtor(campaignId: CampaignId, debtorId: DebtorId, dayStart: number): Promise<LeadDebtor | null>;
  /**
   * Records a lease decided in memory. The id is known at once; the row may be written in a batch within
   * milliseconds (any other write, and flush(), write it first). A lease conflicting with an open one in
   * the database (never expected: the dialer's memory is the guard) is not written and is counted.
   */
  openLease(lease: { campaignId: CampaignId; debtorId: DebtorId; phoneId: PhoneId; userId: UserId; callbackId: CallbackId | null; at: number; expiresAt: number }): Promise<LeaseId>;
  /** Writes whatever is batched (at shutdown). */
  flush(): Promise<{ leaseConflicts: number }>;
  renewLeases(ids: LeaseId[], expiresAt: number): Promise<void>;
  closeLease(id: LeaseId, at: number): Promise<void>;
  /** Expired leases are closed (a crashed agent or server); returns what was closed. */
  closeExpiredLeases(now: number): Promise<OpenLease[]>;
  createAttempt(attempt: NewAttempt): Promise<AttemptId>;
  markAnswered(id: AttemptId, at: number): Promise<void>;
  /**
   * Writes the outcome, moves the member to its next attempt (or done) and closes the lease, in one transaction.
   * `next` null: the member row is left as it is (the debtor paid: the payment's transaction closed it).
   */
  finishAttempt(input: {
    attemptId: AttemptId | null;
    leaseId: LeaseId;
    campaignId: CampaignId;
    debtorId: DebtorId;
    outcome: DialOutcome;
    sipCode: number | null;
    note: string | null;
    at: number;
    next: { done: false; nextAttemptAt: number } | { done: true; reason: string } | null;
    phoneFlag: { phoneId: PhoneId; status: 'wrong_number' | 'third_party'; userId: UserId } | null;
    callback: { dueAt: number; userId: UserId | null; phoneId: PhoneId; createdBy: UserId } | null;
    /** The callback this lease came from, now done. */
    completeCallback: CallbackId | null;
    /** The agent's disposition (null for network outcomes): its key, the reason for default, a promise. */
    disposition: { key: string | null; userId: UserId; defaultReason: DefaultReason | null; promise: PromiseTerms | null; timeline: string } | null;
  }): Promise<{ callbackId: CallbackId | null }>;
  /** A disposition already recorded under this idempotency key. */
  dispositionByKey(key: string): Promise<{ userId: UserId; leaseId: LeaseId } | null>;
  /** A lease the dialer no longer holds in memory (a restart): whose, and its last attempt, for a late disposition. */
  leaseForDisposition(leaseId: LeaseId, dayStart: number): Promise<StoredLease | null>;
  /** Open promises dated before `today` (Brasília YYYY-MM-DD) are broken; their debtors go back to their campaigns. */
  breakOverduePromises(today: string, at: number): Promise<{ debtorId: DebtorId; campaignId: CampaignId | null }[]>;
  promisesOf(debtorId: DebtorId): Promise<PromiseView[]>;
  /** A contact the policy refused: on the debtor's timeline with every reason. */
  recordDenial(denial: { debtorId: DebtorId; campaignId: CampaignId; at: number; summary: string; reasons: unknown[] }): Promise<void>;
  /** Takes a member out of the campaign without an attempt (a hard stop: prescribed debt, no phone left...). */
  closeLead(campaignId: CampaignId, debtorId: DebtorId, reason: string, at: number): Promise<void>;
  /** Sets when a member may be dialed next (a skipped lead, a denial with a retry time). */
  deferLead(campaignId: CampaignId, debtorId: DebtorId, nextAttemptAt: number): Promise<void>;
  pendingCallbacks(campaignId: CampaignId): Promise<DueCallback[]>;
  /** An agent left the campaign: their pending personal callbacks there become callbacks for anyone. */
  callbacksToAnyone(campaignId: CampaignId, userId: UserId): Promise<void>;
  /** The pool and each number's figures for the day (Brasília date YYYY-MM-DD). */
  callerIdPool(day: string): Promise<{ numbers: PoolNumber[]; today: Map<string, NumberDay> }>;
  saveCallerIdDay(e164: string, day: string, figures: NumberDay): Promise<void>;
  listCallerIds(): Promise<CallerIdRow[]>;
  /** Adds or updates numbers (by E.164) in one transaction. */
  upsertCallerIds(rows: CallerIdRow[]): Promise<{ added: number; updated: number }>;
  updateCallerId(e164: string, patch: Partial<Pick<CallerIdRow, 'active' | 'dailyCap' | 'fallback'>>): Promise<CallerIdRow | null>;
}
