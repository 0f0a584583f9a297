import type { Migration } from './index';

/** Signed notices Quita sends to the creditor's systems (payment applied), retried with backoff; dead letters stay visible. */
export const outbox: Migration = {
  version: 7,
  name: 'outbox',
  sql: `
CREATE TABLE outbox (
  id             INTEGER PRIMARY KEY,
  integration_id TEXT NOT NULL REFERENCES integrations(id),
  event          TEXT NOT NULL,
  payload        TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts       INTEGER NOT NULL DEFAULT 0,
  next_at        INTEGER NOT NULL,
  last_error     TEXT,
  created_at     INTEGER NOT NULL,
  delivered_at   INTEGER
);
CREATE INDEX outbox_due ON outbox(next_at) WHERE status = 'pending';
CREATE INDEX outbox_status ON outbox(status, id);
`,
};
