import type { Migration } from './index';

/** Every agent state change, for reports (logged-in time, occupancy, productivity per hour). */
export const agentStateLog: Migration = {
  version: 10,
  name: 'agent state log',
  sql: `
CREATE TABLE agent_state_log (
  user_id INTEGER NOT NULL REFERENCES users(id),
  at      INTEGER NOT NULL,
  state   TEXT NOT NULL,
  reason  TEXT
);
CREATE INDEX agent_state_log_user_at ON agent_state_log(user_id, at);
CREATE INDEX agent_state_log_at ON agent_state_log(at);
`,
};
