import type { Migration } from './index';

/** Users, sessions, audit, and the collection core: creditors → portfolios → debtors/contracts/phones → campaigns. */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  password_hash TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_expires_at ON sessions(expires_at);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  action  TEXT NOT NULL,
  detail  TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE creditors (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL,
  cnpj    TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL
);

CREATE TABLE portfolios (
  id          INTEGER PRIMARY KEY,
  creditor_id INTEGER NOT NULL REFERENCES creditors(id),
  name        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (creditor_id, name)
);

CREATE TABLE debtors (
  id            INTEGER PRIMARY KEY,
  document_kind TEXT NOT NULL CHECK (document_kind IN ('cpf', 'cnpj')),
  document      TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  birth_date    TEXT,
  created_at    INTEGER NOT NULL
);

CREATE TABLE debtor_addresses (
  id        INTEGER PRIMARY KEY,
  debtor_id INTEGER NOT NULL REFERENCES debtors(id),
  street    TEXT NOT NULL,
  district  TEXT,
  city      TEXT NOT NULL,
  uf        TEXT NOT NULL,
  zip       TEXT
);
CREATE INDEX debtor_addresses_debtor ON debtor_addresses(debtor_id);

CREATE TABLE debtor_emails (
  id        INTEGER PRIMARY KEY,
  debtor_id INTEGER NOT NULL REFERENCES debtors(id),
  email     TEXT NOT NULL,
  UNIQUE (debtor_id, email)
);

CREATE TABLE contracts (
  id                    INTEGER PRIMARY KEY,
  debtor_id             INTEGER NOT NULL REFERENCES debtors(id),
  portfolio_id          INTEGER NOT NULL REFERENCES portfolios(id),
  number                TEXT NOT NULL,
  product               TEXT NOT NULL,
  original_amount_cents INTEGER NOT NULL CHECK (original_amount_cents > 0),
  due_date              TEXT NOT NULL,
  status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'agreement', 'paid', 'cancelled')),
  rate_regime           TEXT NOT NULL DEFAULT 'legal',
  UNIQUE (portfolio_id, number)
);
CREATE INDEX contracts_debtor ON contracts(debtor_id);

CREATE TABLE phones (
  id        INTEGER PRIMARY KEY,
  debtor_id INTEGER NOT NULL REFERENCES debtors(id),
  e164      TEXT NOT NULL,
  ddd       TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('mobile', 'fixed')),
  source    TEXT NOT NULL,
  status    TEXT NOT NULL DEFAULT 'valid'
            CHECK (status IN ('valid', 'wrong_number', 'third_party', 'workplace', 'do_not_call')),
  status_by INTEGER REFERENCES users(id),
  status_at INTEGER,
  UNIQUE (debtor_id, e164)
);
-- inbound calls pop the debtor by the caller's number
CREATE INDEX phones_e164 ON phones(e164);

CREATE TABLE campaigns (
  id           INTEGER PRIMARY KEY,
  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id),
  name         TEXT NOT NULL UNIQUE,
  mode         TEXT NOT NULL CHECK (mode IN ('preview', 'progressive', 'predictive')),
  status       TEXT NOT NULL DEFAULT 'paused' CHECK (status IN ('active', 'paused')),
  created_at   INTEGER NOT NULL
);

CREATE TABLE campaign_members (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  debtor_id   INTEGER NOT NULL REFERENCES debtors(id),
  PRIMARY KEY (campaign_id, debtor_id)
) WITHOUT ROWID;
CREATE INDEX campaign_members_debtor ON campaign_members(debtor_id);

CREATE TABLE caller_ids (
  id       INTEGER PRIMARY KEY,
  e164     TEXT NOT NULL UNIQUE,
  ddd      TEXT NOT NULL,
  trunk    TEXT NOT NULL,
  attested INTEGER NOT NULL DEFAULT 0 CHECK (attested IN (0, 1)),
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX caller_ids_ddd ON caller_ids(ddd);

CREATE TABLE timeline_events (
  id        INTEGER PRIMARY KEY,
  debtor_id INTEGER NOT NULL REFERENCES debtors(id),
  at        INTEGER NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('call', 'sms', 'email', 'letter', 'judicial_notice', 'note', 'promise',
                                          'agreement', 'payment', 'import', 'policy_denial')),
  summary   TEXT NOT NULL,
  detail    TEXT,
  user_id   INTEGER REFERENCES users(id)
);
CREATE INDEX timeline_events_debtor_at ON timeline_events(debtor_id, at);
`,
};
