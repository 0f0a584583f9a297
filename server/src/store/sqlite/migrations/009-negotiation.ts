import type { Migration } from './index';

/** Negotiation: index tables, per-portfolio policies, approval requests, agreements with their installments. */
export const negotiation: Migration = {
  version: 9,
  name: 'negotiation',
  sql: `
-- monthly rates in parts per million (0.44% = 4400): IPCA for correction, SELIC for the legal interest rate
CREATE TABLE index_values (
  index_name TEXT NOT NULL CHECK (index_name IN ('ipca', 'selic')),
  month      TEXT NOT NULL,
  rate_ppm   INTEGER NOT NULL,
  PRIMARY KEY (index_name, month)
) WITHOUT ROWID;

-- JSON NegotiationPolicy (server/src/domain/negotiation/policy.ts); a portfolio without one uses the default
CREATE TABLE negotiation_policies (
  portfolio_id INTEGER PRIMARY KEY REFERENCES portfolios(id),
  policy       TEXT NOT NULL,
  updated_at   INTEGER NOT NULL,
  updated_by   INTEGER REFERENCES users(id)
);

-- the contract's late fee (CDC art. 52 §1: at most 2% for consumers unless the data says otherwise)
ALTER TABLE contracts ADD COLUMN late_fee_bps INTEGER NOT NULL DEFAULT 200 CHECK (late_fee_bps BETWEEN 0 AND 10000);

CREATE TABLE approval_requests (
  id            INTEGER PRIMARY KEY,
  debtor_id     INTEGER NOT NULL REFERENCES debtors(id),
  agent_id      INTEGER NOT NULL REFERENCES users(id),
  -- JSON: the offer and the verdict with the breakdown, as the agent saw them
  offer         TEXT NOT NULL,
  verdict       TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'countered', 'denied', 'used')),
  supervisor_id INTEGER REFERENCES users(id),
  counter_offer TEXT,
  note          TEXT,
  created_at    INTEGER NOT NULL,
  decided_at    INTEGER
);
CREATE INDEX approval_requests_pending ON approval_requests(created_at) WHERE status = 'pending';

CREATE TABLE agreements (
  id             INTEGER PRIMARY KEY,
  debtor_id      INTEGER NOT NULL REFERENCES debtors(id),
  user_id        INTEGER NOT NULL REFERENCES users(id),
  approval_id    INTEGER REFERENCES approval_requests(id),
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paid', 'broken', 'cancelled')),
  balance_cents  INTEGER NOT NULL,
  discount_cents INTEGER NOT NULL,
  total_cents    INTEGER NOT NULL,
  -- JSON: the offer, the balance lines and the terms shown to the debtor
  terms          TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  broken_at      INTEGER,
  broken_reason  TEXT
);
CREATE INDEX agreements_debtor ON agreements(debtor_id);

CREATE TABLE agreement_contracts (
  agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  contract_id  INTEGER NOT NULL REFERENCES contracts(id),
  PRIMARY KEY (agreement_id, contract_id)
) WITHOUT ROWID;

CREATE TABLE agreement_installments (
  agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  number       INTEGER NOT NULL,
  due_date     TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid')),
  paid_at      INTEGER,
  boleto_barcode TEXT,
  pix_payload  TEXT,
  PRIMARY KEY (agreement_id, number)
) WITHOUT ROWID;
CREATE INDEX agreement_installments_due ON agreement_installments(due_date) WHERE status = 'open';
`,
};
