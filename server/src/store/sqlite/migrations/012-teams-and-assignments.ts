import type { Migration } from './index';

/**
 * Teams as their own entity (until now a campaign's team was only the agents it lists), and portfolio
 * reassignment: which team or outside agency works a debtor, from when to when, and the reassignments that
 * decided it (what was asked and what came out), kept as history.
 */
export const teamsAndAssignments: Migration = {
  version: 12,
  name: 'teams and portfolio assignments',
  sql: `
CREATE TABLE teams (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL
);
-- an agent (or a supervisor) belongs to at most one team; a campaign is served by at most one team
ALTER TABLE users ADD COLUMN team_id INTEGER REFERENCES teams(id);
ALTER TABLE campaigns ADD COLUMN team_id INTEGER REFERENCES teams(id);
CREATE INDEX users_team ON users(team_id);

-- existing data: every campaign with agents gets the team it implied ("Equipe <campaign>"), and each agent
-- the team of the first campaign they work (campaign_agents stays: who works which campaign right now)
INSERT INTO teams (name, created_at)
  SELECT 'Equipe ' || c.name, c.created_at FROM campaigns c
   WHERE EXISTS (SELECT 1 FROM campaign_agents a WHERE a.campaign_id = c.id) ORDER BY c.id;
UPDATE campaigns SET team_id = (SELECT t.id FROM teams t WHERE t.name = 'Equipe ' || campaigns.name);
UPDATE users SET team_id = (SELECT c.team_id FROM campaign_agents a JOIN campaigns c ON c.id = a.campaign_id
                             WHERE a.user_id = users.id ORDER BY c.id LIMIT 1)
 WHERE role = 'agent';

CREATE TABLE reassignments (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  method      TEXT NOT NULL CHECK (method IN ('share', 'rule')),
  -- JSON: the targets and shares or rules as the admin gave them
  spec        TEXT NOT NULL,
  -- JSON: debtors per target
  summary     TEXT NOT NULL,
  user_id     INTEGER REFERENCES users(id),
  at          INTEGER NOT NULL
);
CREATE INDEX reassignments_campaign ON reassignments(campaign_id, at);

CREATE TABLE debtor_assignments (
  id              INTEGER PRIMARY KEY,
  debtor_id       INTEGER NOT NULL REFERENCES debtors(id),
  reassignment_id INTEGER NOT NULL REFERENCES reassignments(id),
  team_id         INTEGER REFERENCES teams(id),
  agency          TEXT,
  -- the campaign a team works the debtor in (NULL: an outside agency, out of our dialing)
  campaign_id     INTEGER REFERENCES campaigns(id),
  from_at         INTEGER NOT NULL,
  to_at           INTEGER,
  CHECK ((team_id IS NULL) <> (agency IS NULL))
);
CREATE INDEX debtor_assignments_open ON debtor_assignments(debtor_id) WHERE to_at IS NULL;
CREATE INDEX debtor_assignments_reassignment ON debtor_assignments(reassignment_id);
`,
};
