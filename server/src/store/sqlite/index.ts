import type { Store } from '../../ports/repositories';
import { sqliteAudit } from './audit';
import { sqliteCampaigns } from './campaigns';
import { sqliteCreditors } from './creditors';
import { openDatabase } from './database';
import { sqliteDebtors } from './debtors';
import { sqliteDialer } from './dialer';
import { loadDemo } from './demo-load';
import { sqliteMailing } from './mailing';
import { sqliteNegotiation } from './negotiation';
import { sqliteReports } from './reports';
import { sqliteContactLists, sqliteOutbox, sqlitePayments } from './payments';
import { schemaVersion } from './migrate';
import { sqliteSessions } from './sessions';
import { sqliteTeams } from './teams';
import { sqliteUsers } from './users';
import { createWriteJournal } from './write-journal';

/** The embedded default store: one SQLite file in WAL mode. */
export interface SqliteStoreOptions {
  /** A write deferred by a locked database failed later (the dialer's and the state log's writes). */
  onDeferredError?(error: unknown): void;
}

export function createSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(file);
  const journal = createWriteJournal(db, options.onDeferredError);
  const dialer = sqliteDialer(db, journal);
  return {
    users: sqliteUsers(db),
    sessions: sqliteSessions(db),
    campaigns: sqliteCampaigns(db),
    debtors: sqliteDebtors(db),
    audit: sqliteAudit(db),
    mailing: sqliteMailing(db),
    dialer,
    payments: sqlitePayments(db),
    outbox: sqliteOutbox(db),
    contactLists: sqliteContactLists(db),
    negotiation: sqliteNegotiation(db),
    reports: sqliteReports(db, journal),
    teams: sqliteTeams(db),
    creditors: sqliteCreditors(db),
    async health() {
      try {
        const journalMode = String(db.pragma('journal_mode', { simple: true }));
        return { state: 'ok', schemaVersion: schemaVersion(db), journalMode };
      } catch (e) {
        return { state: 'error', schemaVersion: 0, journalMode: 'unknown', message: (e as Error).message };
      }
    },
    async isEmpty() {
      return (db.prepare('SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM debtors) AS n').get() as { n: number }).n === 0;
    },
    async loadDemoDataset(dataset, users) {
      loadDemo(db, dataset, users, Date.now());
    },
    async close() {
      journal.flush();
      if (db.open) db.close();
    },
  };
}
