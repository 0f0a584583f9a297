import type { Migration } from './index';

/**
 * The dialer: campaign settings and teams, each member's place in the campaign (next attempt, done),
 * leases (one open lease per debtor, across campaigns), attempts with their outcomes, and callbacks.
 */
export const dialer: Migration = {
  version: 3,
  name: 'dialer',
  sql: `
-- JSON, validated by shared/dialer.ts campaignSettingsSchema; '{}' means the defaults
ALTER TABLE campaigns ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';

CREATE TABLE campaign_agents (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (campaign_id, user_id)
) WITHOUT ROWID;
CREATE INDEX campaign_agents_user ON campaign_agents(user_id);

ALTER TABLE campaign_members ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign_members ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
-- NULL while the debtor is still to be worked; else why it left (promise, agreement, attempt_limit, no_phone...)
ALTER TABLE campaign_members ADD COLUMN done_reason TEXT;
ALTER TABLE campaign_members ADD COLUMN done_at INTEGER;

CREATE TABLE leases (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  debtor_id   INTEGER NOT NULL REFERENCES debtors(id),
  phone_id    INTEGER NOT NULL REFERENCES phones(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  callback_id INTEGER,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  released_at INTEGER
);
-- at most one open lease per debtor, whatever the campaign: two agents never work the same debtor
CREATE UNIQUE INDEX leases_open_debtor ON leases(debtor_id) WHERE released_at IS NULL;

CREATE TABLE dial_attempts (
  id          INTEGER PRIMARY KEY,
  lease_id    INTEGER NOT NULL REFERENCES leases(id),
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  debtor_id   INTEGER NOT NULL REFERENCES debtors(id),
  phone_id    INTEGER NOT NULL REFERENCES phones(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  mode        TEXT NOT NULL CHECK (mode IN ('preview', 'progressive', 'predictive')),
  caller_id   TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  answered_at INTEGER,
  ended_at    INTEGER,
  -- NULL while live; a network outcome (busy...) or the agent's disposition (rpc, promise...)
  outcome     TEXT,
  sip_code    INTEGER,
  note        TEXT
);
CREATE INDEX dial_attempts_debtor ON dial_attempts(debtor_id, started_at);
CREATE INDEX dial_attempts_phone ON dial_attempts(phone_id, started_at);
CREATE INDEX dial_attempts_campaign ON dial_attempts(campaign_id, started_at);

CREATE TABLE callbacks (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  debtor_id   INTEGER NOT NULL REFERENCES debtors(id),
  phone_id    INTEGER REFERENCES phones(id),
  -- NULL: anyone on the campaign's team
  user_id     INTEGER REFERENCES users(id),
  due_at      INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
  created_by  INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX callbacks_pending ON callbacks(campaign_id, due_at) WHERE status = 'pending';
`,
};
