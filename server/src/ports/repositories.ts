import type { AdminUser, CampaignSummary, DebtorListItem, Page, PublicUser } from '../../../shared/api';
import type { UserId } from '../../../shared/ids';
import type { Role } from '../../../shared/roles';
import type { DebtorListQuery } from '../../../shared/schemas';
import type { DemoDataset } from '../domain/demo-data';
import type { CreditorStore } from './creditors';
import type { DialerStore } from './dialer';
import type { MailingStore } from './mailing';
import type { NegotiationStore } from './negotiation';
import type { ReportStore } from './reports';
import type { TeamStore } from './teams';
import type { ContactListStore, OutboxStore, PaymentStore } from './payments';

/**
 * What the application needs from storage. Every method is async so a PostgreSQL adapter can
 * implement the same interfaces; nothing above the store may rely on SQLite being synchronous.
 */

export interface StoredUser extends PublicUser {
  passwordHash: string;
  active: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

export interface UserRepository {
  findByUsername(username: string): Promise<StoredUser | null>;
  findById(id: UserId): Promise<StoredUser | null>;
  create(user: NewUser): Promise<PublicUser>;
  list(): Promise<AdminUser[]>;
  count(): Promise<number>;
  update(id: UserId, patch: { active?: boolean; role?: Role; displayName?: string }): Promise<PublicUser | null>;
  setPasswordHash(id: UserId, passwordHash: string): Promise<boolean>;
}

export interface SessionRecord {
  userId: UserId;
  expiresAt: number;
}

export interface SessionRepository {
  /** tokenHash is the SHA-256 of the token: a stolen database does not yield usable tokens. */
  create(tokenHash: string, userId: UserId, createdAt: number, expiresAt: number): Promise<void>;
  findActive(tokenHash: string, now: number): Promise<SessionRecord | null>;
  revoke(tokenHash: string): Promise<void>;
  /** Ends every session of a user (a supervisor logs an agent out) but `except` (a token hash); returns the revoked hashes. */
  revokeAllOf(userId: UserId, except?: string): Promise<string[]>;
  deleteExpired(now: number): Promise<number>;
}

export interface CampaignRepository {
  listSummaries(): Promise<CampaignSummary[]>;
}

export interface DebtorRepository {
  list(query: DebtorListQuery): Promise<Page<DebtorListItem>>;
}

export interface AuditEntry {
  id: number;
  at: number;
  userId: number | null;
  userName: string | null;
  action: string;
  detail: string | null;
}

export interface AuditRepository {
  record(entry: { at: number; userId: UserId | null; action: string; detail?: Record<string, unknown> }): Promise<void>;
  /** LGPD: who did what, and who opened which debtor; newest first. */
  search(q: { userId?: number; action?: string; debtorId?: number; from?: number; to?: number; limit: number; beforeId?: number }): Promise<AuditEntry[]>;
}

export interface DatabaseHealth {
  state: 'ok' | 'error';
  schemaVersion: number;
  journalMode: string;
  message?: string;
}

/** The whole store, as the composition root hands it to createApp. */
export interface Store {
  users: UserRepository;
  sessions: SessionRepository;
  campaigns: CampaignRepository;
  debtors: DebtorRepository;
  audit: AuditRepository;
  mailing: MailingStore;
  dialer: DialerStore;
  payments: PaymentStore;
  outbox: OutboxStore;
  contactLists: ContactListStore;
  negotiation: NegotiationStore;
  reports: ReportStore;
  teams: TeamStore;
  creditors: CreditorStore;
  health(): Promise<DatabaseHealth>;
  isEmpty(): Promise<boolean>;
  /** Writes the whole demo dataset in one transaction: all of it or nothing. */
  loadDemoDataset(dataset: DemoDataset, users: NewUser[]): Promise<void>;
  close(): Promise<void>;
}
