import type { Migration } from './index';

/**
 * The agent's disposition in full: the reason for default on the attempt, each disposition's idempotency
 * key (a console's retry is acknowledged again, never recorded twice), and promises to pay — open until
 * payments reach the amount by the date (kept) or the day after the date passes (broken).
 */
export const dispositionsPromises: Migration = {
  version: 13,
  name: 'dispositions and promises',
  sql: `
ALTER TABLE dial_attempts ADD COLUMN default_reason TEXT;

CREATE TABLE dispositions (
  key        TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  lease_id   INTEGER NOT NULL REFERENCES leases(id),
  outcome    TEXT NOT NULL,
  at         INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE promises (
  id             INTEGER PRIMARY KEY,
  debtor_id      INTEGER NOT NULL REFERENCES debtors(id),
  campaign_id    INTEGER REFERENCES campaigns(id),
  attempt_id     INTEGER REFERENCES dial_attempts(id),
  user_id        INTEGER REFERENCES users(id),
  amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
  -- Brasília date (YYYY-MM-DD) by which the payments must reach the amount
  due_date       TEXT NOT NULL,
  default_reason TEXT,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),
  created_at     INTEGER NOT NULL,
  settled_at     INTEGER
);
CREATE INDEX promises_open_due ON promises(due_date) WHERE status = 'open';
CREATE INDEX promises_debtor ON promises(debtor_id, created_at);
`,
};
