import type { Migration } from './index';

/** Payments from integrations (signed webhooks), idempotent by their id, and the ones that could not be applied. */
export const payments: Migration = {
  version: 5,
  name: 'payments',
  sql: `
CREATE TABLE integrations (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  -- HMAC-SHA256 key for incoming webhooks (and for the notices Quita sends back)
  secret       TEXT NOT NULL,
  callback_url TEXT,
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   INTEGER NOT NULL
);

CREATE TABLE payments (
  id            INTEGER PRIMARY KEY,
  -- 'webhook:<integration>', 'payoff_csv', 'manual'
  source        TEXT NOT NULL,
  external_id   TEXT NOT NULL,
  debtor_id     INTEGER NOT NULL REFERENCES debtors(id),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  paid_at       TEXT NOT NULL,
  received_at   INTEGER NOT NULL,
  -- Súmula 548 STJ: the creditor asks the bureaus to remove the debtor within 5 business days of full payment
  bureau_removal_due TEXT,
  user_id       INTEGER REFERENCES users(id),
  UNIQUE (source, external_id)
);
CREATE INDEX payments_debtor ON payments(debtor_id);

-- how a payment was spread over the debtor's contracts (oldest due first when it names none)
CREATE TABLE payment_allocations (
  payment_id   INTEGER NOT NULL REFERENCES payments(id),
  contract_id  INTEGER NOT NULL REFERENCES contracts(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  PRIMARY KEY (payment_id, contract_id)
) WITHOUT ROWID;
CREATE INDEX payment_allocations_contract ON payment_allocations(contract_id);

-- kept for reconciliation: a payment naming an unknown debtor or contract
CREATE TABLE payment_rejections (
  id          INTEGER PRIMARY KEY,
  source      TEXT NOT NULL,
  external_id TEXT,
  reason      TEXT NOT NULL,
  body        TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
`,
};
