import type { Store } from '../../ports/repositories';
import { sqliteAudit } from './audit';
import { sqliteCampaigns } from './campaigns';
import { openDatabase } from './database';
import { sqliteDebtors } from './debtors';
import { sqliteDialer, type DialerStoreOptions } from './dialer';
import { loadDemo } from './demo-load';
import { sqliteMailing } from './mailing';
import { sqliteNegotiation } from './negotiation';
import { sqliteContactLists, sqliteOutbox, sqlitePayments } from './payments';
import { schemaVersion } from './migrate';
import { sqliteSessions } from './sessions';
import { sqliteUsers } from './users';

/** The embedded default store: one SQLite file in WAL mode. */
export function createSqliteStore(file: string, options: DialerStoreOptions = {}): Store {
  const db = openDatabase(file);
  const dialer = sqliteDialer(db, options);
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
      await dialer.flush();
      if (db.open) db.close();
    },
  };
}
