import type { Migration } from './index';

/** What the contact policy needs: holds on debtors and debts, and do-not-call lists. */
export const contactPolicy: Migration = {
  version: 4,
  name: 'contact policy',
  sql: `
-- Lei 14.181/2021: a debtor in an over-indebtedness conciliation is on hold for every channel
ALTER TABLE debtors ADD COLUMN over_indebted_hold INTEGER NOT NULL DEFAULT 0 CHECK (over_indebted_hold IN (0, 1));
-- STJ REsp 2.088.100: a time-barred (prescrita) debt may not be collected
ALTER TABLE contracts ADD COLUMN prescribed INTEGER NOT NULL DEFAULT 0 CHECK (prescribed IN (0, 1));

-- 'internal': the operation's own do-not-call list; 'nao_me_ligue': SP Lei 17.334/2021 (applies to SP DDDs)
CREATE TABLE do_not_call (
  list     TEXT NOT NULL CHECK (list IN ('internal', 'nao_me_ligue')),
  e164     TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  source   TEXT,
  PRIMARY KEY (list, e164)
) WITHOUT ROWID;
CREATE INDEX do_not_call_e164 ON do_not_call(e164);
`,
};
